// Names the binary files people give where a follower list belongs — the export's zip, a workbook, a PDF, an image — by their first bytes, with what to give instead.

const FOLLOWER_FILES =
  "Instagram's export: connections/followers_and_following/followers_1.json (or that folder); X's archive: data/follower.js";

const KINDS: { magic: number[]; what: string }[] = [
  {
    magic: [0x50, 0x4b, 0x03, 0x04],
    what: `this is a ZIP archive (a platform's data download, or an Excel .xlsx workbook): unzip it and give the follower file inside — ${FOLLOWER_FILES}; a workbook: save the sheet as CSV`,
  },
  { magic: [0x50, 0x4b, 0x05, 0x06], what: 'this is an empty ZIP archive: there is no follower file in it' },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'this is an Excel 97–2003 workbook (or another old Office file): save the sheet as CSV',
  },
  {
    magic: [0x25, 0x50, 0x44, 0x46, 0x2d],
    what: 'this is a PDF document, not a follower list: give the export itself (CSV or JSON)',
  },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'this is a PNG image, not a follower list' },
  { magic: [0xff, 0xd8, 0xff], what: 'this is a JPEG image, not a follower list' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'this is a GIF image, not a follower list' },
];

/** What the file is, in words that say what to give instead, when its first bytes are a known binary format's. */
export function binaryFileAdvice(head: Uint8Array): string | undefined {
  return KINDS.find(({ magic }) => magic.every((byte, i) => head[i] === byte))?.what;
}
