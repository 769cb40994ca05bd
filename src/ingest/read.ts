// Reads any supported follower export into a stream of Accounts (with labels where the source has them) and record errors.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Account, Label, Platform } from '../core/account.ts';
import { FieldError, formatRecordError, InputError, type RecordError } from '../core/errors.ts';
import { countOf, nounFor } from '../core/plural.ts';
import type { CsvFormat, CsvLayout, Format, JsonFormat, MappedRecord, RecordContext } from './format.ts';
import { type ColumnMap, columnMapFormat } from './formats/column-map.ts';
import { FORMATS, findFormat } from './formats/index.ts';
import { isByteLine, type LineFrame, splitByteLines } from './framing/byte-lines.ts';
import { detectDelimiter, isCsvRowError, splitCsv } from './framing/csv-rows.ts';
import { createKeyPicker, type KeyPicker } from './framing/json-pick.ts';
import {
  detectJsonLayout,
  isFramingError,
  type JsonFrame,
  type JsonLayout,
  MAX_RECORD_CHARS,
  splitJson,
} from './framing/json-values.ts';
import { ownOutputAdvice } from './own-outputs.ts';
import { type ByteRange, type OpenedInput, openInput, UNDECODABLE } from './source/source.ts';

/** Why a record with bytes that are not UTF-8 is left out. */
const UNDECODABLE_REASON =
  'invalid UTF-8: the record holds bytes that are not text (a different encoding, or damage); it is left out rather than read with replaced characters';

export interface ReadOptions {
  /** A format name from `FORMATS`, to skip detection. */
  format?: string;
  /** How the user names the format where they gave it (`--input-format` in audit, a form field), for advice. */
  formatOption?: string;
  /** How the user names the column map (`--columns` on the CLI, the API's `columns` parameter), for advice. */
  columnsOption?: string;
  /** Read a CSV through this column map (Account field → column) instead of a known format. */
  columns?: ColumnMap;
  /** The platform of followers whose export does not say (a plain or column-mapped CSV). */
  platform?: Platform;
  /** The capture time for records whose export has none (otherwise the file's modification time). */
  observedAt?: Date;
  /** Where `-` reads from (process.stdin by default). */
  stdin?: Readable;
  /** What `-` is called in errors, sources and advice (an upload's file name); `-` by default. */
  stdinName?: string;
  /** A record (a JSONL line, a JSON value, a CSV row) longer than this is reported and skipped; reading goes on. */
  maxRecordChars?: number;
  /** A gzip input that inflates to more than this many bytes stops with an error (the server sets its upload limit). */
  maxDecompressedBytes?: number;
  /**
   * Read only these bytes of a JSONL file, as one thread's part of it: they start at a line's start, `format` names
   * the whole file's format, and nothing is detected. Lines are numbered from the part's start.
   */
  part?: ByteRange;
  /** A part of a CSV file: the whole file's delimiter and layout (its header), as its reader found them. */
  csv?: CsvShape;
}

/** How a CSV file is cut into cells and named: what a part of it is read with. */
export interface CsvShape {
  delimiter: string;
  layout: CsvLayout;
}

/** The default record-size cap: far above any real profile or API page, far below what would stall the reader. */
export const DEFAULT_MAX_RECORD_CHARS = MAX_RECORD_CHARS;

export type ReadItem = { ok: true; account: Account; label?: Label } | { ok: false; error: RecordError };

/** An opened input whose format is known; iterate it once for its records. */
export interface AccountReader extends AsyncIterable<ReadItem> {
  format: Format;
  input: Omit<OpenedInput, 'chunks' | 'head'>;
  /** The time given to records that carry none. */
  defaultObservedAt: Date;
  /** Where labels came from, and other facts worth telling the user. */
  notes: readonly string[];
  /** The same items in batches (one per chunk of input): the fast path for consumers that count in bulk. */
  batches(): AsyncIterable<ReadItem[]>;
  /** The JSON layout (one value a line, an array, documents), or undefined for CSV. */
  layout?: JsonLayout;
  /** A label file (or folder name) gives the accounts labels. */
  labelled: boolean;
  /** JSONL: the line ends read so far (where the lines of the bytes after them start); CSV: once all is read. */
  lineEnds?: () => number;
  /** CSV: the delimiter and layout found (from the header), once the format is settled. */
  csv?: CsvShape;
  /**
   * A part of a CSV file, once read: whether its bytes ended inside a record (a quoted field running on past them),
   * so its end was no record boundary and the parts do not read as the whole file does.
   */
  endedInsideRecord?: () => boolean;
}

/** How many unreadable records may come before the first good one, which settles the format. */
const MAX_UNREADABLE_LEAD = 1000;

/**
 * Text from the input as an error message may show it: control characters, lone surrogates and undecodable
 * bytes escaped (garbage must not drive the terminal), at most `limit` characters.
 */
export function printableSnippet(text: string, limit = 120): string {
  const cut = text.length > limit ? `${text.slice(0, limit)}…` : text;
  return cut.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffd\ud800-\udfff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function describeKeys(value: unknown): string {
  if (typeof value !== 'object' || value === null) return `a ${typeof value}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const keys = Object.keys(value).map((key) => printableSnippet(key, 40));
  return `an object with keys ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', …' : ''}`;
}

/** How a user names the format: the option of the command at hand. */
interface Advice {
  formatOption: string;
  columnsOption: string;
}

function formatNames(): string {
  return FORMATS.map((format) => format.name).join(', ');
}

const FORMATS_SECTION = 'see README.md, "Input formats"';

function pickJsonFormat(
  value: unknown,
  display: string,
  requested: Format | undefined,
  advice: Advice,
): JsonFormat {
  if (requested) {
    if (requested.framing !== 'json')
      throw new InputError(
        `${display}: ${advice.formatOption} ${requested.name} is CSV, but the input is JSON`,
      );
    return requested;
  }
  for (const format of FORMATS) if (format.framing === 'json' && format.detect(value)) return format;
  throw new InputError(
    `${display}: cannot recognise the format: the first record is ${describeKeys(value)}. ` +
      `Name it with ${advice.formatOption} (one of: ${formatNames()}); ${FORMATS_SECTION}`,
  );
}

function pickCsvFormat(
  firstRow: readonly string[],
  display: string,
  requested: Format | undefined,
  advice: Advice,
) {
  if (requested && requested.framing !== 'csv') {
    throw new InputError(
      `${display}: ${advice.formatOption} ${requested.name} is JSON, but the input is not JSON`,
    );
  }
  const candidates = requested ? [requested] : FORMATS;
  for (const format of candidates) {
    if (format.framing !== 'csv') continue;
    let layout: CsvLayout | undefined;
    try {
      layout = format.detect(firstRow);
    } catch (error) {
      if (error instanceof InputError) throw new InputError(`${display}: ${error.message}`);
      throw error;
    }
    if (layout) return { format: idsOnlyFormat(format, layout), layout };
  }
  const own = requested ? undefined : ownOutputAdvice(firstRow);
  if (own) throw new InputError(`${display}: ${own}; ${FORMATS_SECTION}`);
  for (const format of candidates) {
    const mismatch = format.framing === 'csv' ? format.mismatch?.(firstRow) : undefined;
    if (mismatch)
      throw new InputError(
        `${display}:1: ${requested ? `the first row does not fit ${advice.formatOption} ${format.name}: ${mismatch}` : `the header looks like ${format.title} (${format.name}), but ${mismatch}`}, or map the CSV's columns with ${advice.columnsOption}`,
      );
  }
  const shown = printableSnippet(firstRow.slice(0, 12).join(', '));
  throw new InputError(
    requested
      ? `${display}: the first row does not fit ${requested.name === 'columns' ? advice.columnsOption : `${advice.formatOption} ${requested.name}`}: ${shown}`
      : `${display}: cannot recognise the format: the first row is ${shown}. Name it with ${advice.formatOption} (one of: ${formatNames()}), or map a CSV's columns with ${advice.columnsOption} (e.g. handle=username,followersCount=followers); ${FORMATS_SECTION}`,
  );
}

/**
 * A realreach CSV whose header names no profile fact (only `id`, `platform`, `label`: a label file such as
 * TwiBot-22's `label_sample.csv`) holds ids only, as X's archive does: `audit` and `score` refuse it with the next
 * step instead of scoring accounts about which nothing is known.
 */
function idsOnlyFormat(format: CsvFormat, layout: CsvLayout): CsvFormat {
  if (format.name !== 'realreach-csv' || !layout.hasHeader) return format;
  const bare = layout.columns.every(
    (column) => column === 'id' || column === 'platform' || column === 'label',
  );
  return bare ? { ...format, holds: 'ids' } : format;
}

/** One empty field more than the header: the row most likely ends with a delimiter, which the header does not. */
function trailingDelimiterHint(cells: readonly string[], expected: number): string {
  return cells.length === expected + 1 && (cells.at(-1) as string).trim() === ''
    ? ' (the last is empty: does the row end with a delimiter the header does not?)'
    : '';
}

/** A header naming a column twice leaves unclear which of its cells holds that field: refused, naming both places. */
function refuseRepeatedColumn(layout: CsvLayout, display: string, line: number): void {
  if (!layout.hasHeader) return;
  const seen = new Map<string, number>();
  layout.columns.forEach((name, index) => {
    const key = name.trim();
    if (key === '') return;
    const first = seen.get(key);
    if (first !== undefined)
      throw new InputError(
        `${display}:${line}: the header names the column "${key}" twice (columns ${first + 1} and ${index + 1}): which of them holds its field is unclear; rename or remove one`,
      );
    seen.set(key, index);
  });
}

/** Cells with a byte-order mark taken off the first (a file's own mark, repeated where files were joined). */
const withoutMark = (cells: readonly string[]): string[] =>
  cells.map((cell, i) => (i === 0 && cell.startsWith('\uFEFF') ? cell.slice(1) : cell));

/** Whether a row repeats the header (its first cell may carry a byte-order mark): no copy, most rows differ at once. */
function repeatsHeader(cells: readonly string[], header: readonly string[]): boolean {
  if (cells.length !== header.length) return false;
  const first = cells[0] as string;
  if (first !== header[0] && !(first.startsWith('\uFEFF') && first.slice(1) === header[0])) return false;
  for (let i = 1; i < cells.length; i++) if (cells[i] !== header[i]) return false;
  return true;
}

/** Runs a mapper on one record, turning its failure into a RecordError. */
function mapOne<R>(
  map: (record: R, context: RecordContext) => MappedRecord,
  record: R,
  context: RecordContext,
  formatName: string,
  defaultObservedAt: Date,
): ReadItem {
  try {
    const { account, label } = map(record, context);
    const full = account as Account;
    if (full.observedAt === undefined) full.observedAt = defaultObservedAt;
    full.source =
      context.index === undefined
        ? { format: formatName, file: context.file, line: context.line }
        : { format: formatName, file: context.file, line: context.line, index: context.index };
    return label === undefined ? { ok: true, account: full } : { ok: true, account: full, label };
  } catch (error) {
    const where = { file: context.file, line: context.line, index: context.index };
    if (error instanceof FieldError)
      return { ok: false, error: { ...where, field: error.field, reason: error.reason } };
    return {
      ok: false,
      error: { ...where, field: '(record)', reason: `cannot map: ${(error as Error).message}` },
    };
  }
}

async function* readJson(
  opened: OpenedInput,
  layout: JsonLayout,
  requested: Format | undefined,
  setFormat: (format: JsonFormat) => Promise<RecordContext>,
  defaultObservedAt: Date,
  advice: Advice,
  maxRecordChars: number,
  /** A part of a whole (a byte range, or an export's later part): no readable record in it is no error of its own. */
  isPart: boolean,
  ended: { lines: number },
): AsyncGenerator<ReadItem[]> {
  let format: JsonFormat | undefined;
  let context: RecordContext | undefined;
  /** Reads a JSONL line's record straight from its bytes, once the format (a record a line, with its keys) is known. */
  let picker: KeyPicker | undefined;
  /** Records rejected before any was read: when no record ever is, the error names them, not an empty input. */
  let rejectedBeforeFormat = 0;
  let firstRejected: ReadItem | undefined;
  // JSONL in UTF-8 is cut into lines as bytes, which the picker reads without decoding them
  const frameBatches: AsyncIterable<(LineFrame | JsonFrame)[]> =
    layout === 'lines' && opened.bytes
      ? splitByteLines(opened.bytes, maxRecordChars, ended, opened.undecodable)
      : splitJson(opened.chunks, layout, maxRecordChars, ended);
  for await (const frames of frameBatches) {
    const out: ReadItem[] = [];
    // an indexed loop: `for … of` here made an iterator result a frame (V8 does not elide them in this generator)
    for (let f = 0; f < frames.length; f++) {
      const byteOrText = frames[f] as LineFrame | JsonFrame;
      let frame: JsonFrame;
      if (isByteLine(byteOrText)) {
        const { bytes, start, end, line } = byteOrText;
        if (picker && format && context) {
          const record = picker(bytes, start, end);
          if (record !== undefined) {
            context.line = line;
            context.index = undefined;
            out.push(mapOne(format.map, record, context, format.name, defaultObservedAt));
            continue;
          }
        }
        const text = bytes.toString('utf8', start, end);
        if (text.trim().length === 0) continue;
        frame = { text, line };
      } else frame = byteOrText;
      const where = { file: opened.display, line: frame.line, index: frame.index };
      if (isFramingError(frame)) {
        out.push({ ok: false, error: { ...where, field: '(record)', reason: frame.reason } });
        continue;
      }
      if (opened.undecodable.count > 0 && frame.text.includes(UNDECODABLE)) {
        out.push({ ok: false, error: { ...where, field: '(record)', reason: UNDECODABLE_REASON } });
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(frame.text);
      } catch (error) {
        out.push({
          ok: false,
          error: { ...where, field: '(record)', reason: `invalid JSON: ${(error as Error).message}` },
        });
        continue;
      }
      if (!format || !context) {
        format = pickJsonFormat(value, opened.display, requested, advice);
        context = await setFormat(format);
        if (format.keys && !format.records) picker = createKeyPicker(format.keys);
      }
      context.line = frame.line;
      if (!format.records) {
        context.index = frame.index;
        out.push(mapOne(format.map, value, context, format.name, defaultObservedAt));
        continue;
      }
      let records: readonly unknown[];
      try {
        records = format.records(value);
      } catch (error) {
        const field = error instanceof FieldError ? error.field : '(record)';
        const reason = error instanceof FieldError ? error.reason : (error as Error).message;
        out.push({ ok: false, error: { ...where, field, reason } });
        continue;
      }
      for (let i = 0; i < records.length; i++) {
        // a value that is its own record keeps its place in the array; a page's items are numbered within the page
        context.index = records[i] === value ? frame.index : i;
        out.push(mapOne(format.map, records[i], context, format.name, defaultObservedAt));
      }
    }
    if (!format) {
      rejectedBeforeFormat += out.length;
      firstRejected ??= out[0];
    }
    if (out.length > 0) yield out;
  }
  if (isPart) return;
  if (!format && firstRejected !== undefined && !firstRejected.ok)
    throw new InputError(
      `${opened.display}: no readable record (${rejectedBeforeFormat} rejected; first: ${formatRecordError(firstRejected.error)})`,
    );
  if (!format) throw new InputError(`${opened.display}: no records in the input`);
}

async function* readCsv(
  opened: OpenedInput,
  requested: Format | undefined,
  setFormat: (format: CsvFormat) => Promise<RecordContext>,
  defaultObservedAt: Date,
  maxRecordChars: number,
  advice: Advice,
  shape: { found?: CsvShape; given?: CsvShape; atStart: boolean },
  ended: { lines: number; insideRecord: boolean },
): AsyncGenerator<ReadItem[]> {
  let format: CsvFormat | undefined;
  let layout: CsvLayout | undefined = shape.given?.layout;
  let context: RecordContext | undefined;
  // a part of a file is read with the file's format and layout; only the first part holds the header
  let header = shape.given !== undefined && shape.atStart && shape.given.layout.hasHeader;
  /** The header's cells, byte-order mark taken off: a row that repeats them is files joined, not a record. */
  let headerCells: readonly string[] | undefined;
  if (shape.given) {
    if (requested?.framing !== 'csv')
      throw new Error('a part of a CSV file is read with its CSV format named');
    format = requested;
    context = await setFormat(format);
  }
  const delimiter = shape.given?.delimiter ?? detectDelimiter(opened.head);
  const frames = splitCsv(opened.chunks, delimiter, {
    maxRecordChars,
    expectedFields: () => layout?.columns.length,
    ended,
  });
  for await (const batch of frames) {
    const out: ReadItem[] = [];
    /** A row that is no record: rejected at its line, the rows around it read on. */
    const rejectRow = (line: number, reason: string) =>
      out.push({ ok: false, error: { file: opened.display, line, field: '(record)', reason } });
    for (const frame of batch) {
      if (isCsvRowError(frame)) {
        rejectRow(frame.line, frame.reason);
        continue;
      }
      if (opened.undecodable.count > 0 && frame.cells.some((cell) => cell.includes(UNDECODABLE))) {
        rejectRow(frame.line, UNDECODABLE_REASON);
        continue;
      }
      if (!format || !layout || !context) {
        ({ format, layout } = pickCsvFormat(frame.cells, opened.display, requested, advice));
        refuseRepeatedColumn(layout, opened.display, frame.line);
        context = await setFormat(format);
        shape.found = { delimiter, layout };
        if (layout.hasHeader) {
          headerCells = withoutMark(frame.cells);
          continue;
        }
      } else if (header) {
        header = false;
        headerCells = withoutMark(frame.cells);
        continue;
      }
      context.line = frame.line;
      const { columns } = layout;
      if (frame.cells.length !== columns.length) {
        rejectRow(
          frame.line,
          `expected ${columns.length} fields, got ${frame.cells.length}${trailingDelimiterHint(frame.cells, columns.length)}`,
        );
        continue;
      }
      if (headerCells && repeatsHeader(frame.cells, headerCells)) {
        rejectRow(frame.line, 'the header line again (files joined one after the other?): skipped');
        continue;
      }
      const record: Record<string, string> = {};
      if (format.quotedEmptyIsKnown) {
        // an unquoted empty cell is unknown (left out); a quoted "" is known to be empty
        const quoted = frame.quotedEmpty;
        for (let i = 0; i < columns.length; i++) {
          const cell = frame.cells[i] as string;
          if (cell !== '' || quoted?.includes(i)) record[columns[i] as string] = cell;
        }
      } else {
        for (let i = 0; i < columns.length; i++) record[columns[i] as string] = frame.cells[i] as string;
      }
      out.push(mapOne(format.map, record, context, format.name, defaultObservedAt));
    }
    if (out.length > 0) yield out;
  }
  if (!format && !shape.given) throw new InputError(`${opened.display}: no records in the input`);
}

/**
 * Opens an input and recognises its format from the content (or `options.format`).
 * Records that cannot be read come out as errors with file, line, field and reason; reading goes on.
 */
export async function openAccountReader(input: string, options: ReadOptions = {}): Promise<AccountReader> {
  const parts = await exportParts(input);
  return parts ? openParts(input, parts, options) : openOneReader(input, options);
}

/** The parts of an export in a folder: Instagram's followers_1.json, followers_2.json…, X's follower.js, follower-part1.js… */
const PART_NAME = /^(?:followers(?:_(\d+))?\.json|follower(?:-part(\d+))?\.js)$/;

async function exportParts(input: string): Promise<string[] | undefined> {
  if (input === '-') return undefined;
  const info = await stat(input).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  const names = (await readdir(input)).filter((name) => PART_NAME.test(name));
  if (names.length === 0)
    throw new InputError(
      `${input}: is a folder without an export's parts (followers_N.json, follower.js); name a file inside it`,
    );
  const order = (name: string) => {
    const match = PART_NAME.exec(name);
    return Number(match?.[1] ?? match?.[2] ?? 0);
  };
  return names.sort((a, b) => order(a) - order(b) || a.localeCompare(b)).map((name) => join(input, name));
}

/** The parts of a folder read one after the other, as one input; every part must be of the first one's format. */
async function openParts(folder: string, allParts: string[], options: ReadOptions): Promise<AccountReader> {
  // An empty part (a download that wrote nothing) holds no follower: said, and the others read. All empty: the
  // first part's "the input is empty".
  const sizes = await Promise.all(allParts.map(async (part) => (await stat(part)).size));
  const empty = allParts.filter((_, i) => sizes[i] === 0);
  const parts = empty.length < allParts.length ? allParts.filter((_, i) => sizes[i] !== 0) : allParts;
  const first = await openOneReader(parts[0] as string, options, folder);
  const notes = [
    ...first.notes,
    `read the ${parts.length} parts in ${folder}: ${parts.join(', ')}`,
    ...(parts === allParts ? [] : [`skipped ${countOf(empty.length, 'empty part')}: ${empty.join(', ')}`]),
  ];
  async function* allBatches(): AsyncGenerator<ReadItem[]> {
    yield* first.batches();
    for (const part of parts.slice(1)) {
      // a later part cut short (no record readable in it) costs its records, counted as rejected, not the parts read
      const reader = await openOneReader(
        part,
        { ...options, format: first.format.name, observedAt: first.defaultObservedAt },
        folder,
        true,
      );
      yield* reader.batches();
      notes.push(...reader.notes.filter((note) => !notes.includes(note)));
    }
  }
  return {
    format: first.format,
    input: { ...first.input, display: folder },
    defaultObservedAt: first.defaultObservedAt,
    notes,
    labelled: first.labelled,
    batches: allBatches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of allBatches()) yield* batch;
    },
  };
}

/** The assignment X's archive puts before its JSON array: `window.YTD.follower.part0 = `. */
const ARCHIVE_PREFIX = /^\s*window\.YTD\.[\w.]+\s*=\s*/;

/** The chunks without their first `count` characters. */
async function* dropChars(chunks: AsyncIterable<string>, count: number): AsyncGenerator<string> {
  let left = count;
  for await (const chunk of chunks) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.slice(left) : chunk;
    left = 0;
  }
}

/** Notes on what a thin export can and cannot judge, with the next step. */
function thinDataNote(format: Format, display: string): string | undefined {
  const hydrate =
    format.platform === 'instagram'
      ? 'Instagram has no API realreach can use to fill the profiles: export them another way (a CSV of username,followers,following,posts is read as it is)'
      : `fill the profiles with: realreach hydrate ${display} --platform ${format.platform === 'other' ? 'x|bluesky|mastodon' : format.platform} --out profiles.jsonl${format.platform === 'x' ? ' (X bills each read to your API key; the cost is shown first)' : ''}`;
  if (format.holds === 'handles')
    return `This export (${format.name}) holds usernames and follow times only: realreach can judge handle signals (length, digits) and when they followed, not the profiles (age, counts, bio, avatar). For a full audit: ${hydrate}`;
  if (format.holds === 'ids')
    return `This export (${format.name}) holds account ids only: there is nothing to judge a follower by yet. ${hydrate[0]?.toUpperCase()}${hydrate.slice(1)}`;
  return undefined;
}

/** One file (or stdin); `whole` names the folder it is a part of, for the advice in notes. */
async function openOneReader(
  input: string,
  options: ReadOptions,
  whole = input,
  laterPart = false,
): Promise<AccountReader> {
  const requested =
    options.columns !== undefined
      ? columnMapFormat(options.columns)
      : options.format === undefined
        ? undefined
        : findFormat(options.format);
  const advice: Advice = {
    formatOption: options.formatOption ?? '--format',
    columnsOption: options.columnsOption ?? '--columns',
  };
  if (options.format !== undefined && !requested) {
    throw new InputError(`unknown ${advice.formatOption} ${options.format}; one of: ${formatNames()}`);
  }
  const { part } = options;
  if (part && requested?.framing !== (options.csv ? 'csv' : 'json'))
    throw new Error('a part of a file is read with its format named (and a CSV part with its shape)');
  let opened = await openInput(input, options.stdin, {
    maxDecompressedBytes: options.maxDecompressedBytes,
    range: part,
  });
  if (input === '-' && options.stdinName !== undefined) opened = { ...opened, display: options.stdinName };
  const prefix = part ? null : ARCHIVE_PREFIX.exec(opened.head);
  if (prefix)
    opened = {
      ...opened,
      head: opened.head.slice(prefix[0].length),
      chunks: dropChars(opened.chunks, prefix[0].length),
    };
  if (!part && opened.head.trim().length === 0) throw new InputError(`${opened.display}: the input is empty`);
  const defaultObservedAt = options.observedAt ?? opened.modifiedAt ?? new Date();
  const notes: string[] = [];
  const { chunks: _chunks, head: _head, ...info } = opened;
  let settled: Format | undefined;
  let labels: ReadonlyMap<string, Label> | undefined;

  const setFormat = async <F extends Format>(format: F): Promise<RecordContext> => {
    settled = format;
    const prepared = format.prepare
      ? await format.prepare({ path: opened.path, display: opened.display })
      : {};
    notes.push(...(prepared.notes ?? []));
    const thin = thinDataNote(format, whole === input ? opened.display : whole);
    if (thin) notes.push(thin);
    labels = prepared.labels;
    return {
      file: opened.display,
      labels: prepared.labels,
      inputLabel: prepared.inputLabel,
      platform: options.platform,
    };
  };

  const layout = part ? (options.csv ? undefined : 'lines') : detectJsonLayout(opened.head);
  const ended = { lines: 0, insideRecord: false };
  const csvShape: { found?: CsvShape; given?: CsvShape; atStart: boolean } = {
    given: options.csv,
    atStart: (part?.start ?? 0) === 0,
  };
  const batches = layout
    ? readJson(
        opened,
        layout,
        requested,
        setFormat,
        defaultObservedAt,
        advice,
        options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS,
        part !== undefined || laterPart,
        ended,
      )
    : readCsv(
        opened,
        requested,
        setFormat,
        defaultObservedAt,
        options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS,
        advice,
        csvShape,
        ended,
      );

  // Detection needs the first good record: pull batches until the format is settled (detection errors are thrown
  // here, before the caller iterates), then replay them.
  const pulled: ReadItem[][] = [];
  let pulledItems = 0;
  let finished = false;
  while (!part && !settled && !finished) {
    const next = await batches.next();
    if (next.done) finished = true;
    else {
      pulled.push(next.value);
      pulledItems += next.value.length;
    }
    if (!settled && pulledItems > MAX_UNREADABLE_LEAD) {
      throw new InputError(
        `${opened.display}: the first ${MAX_UNREADABLE_LEAD} records are all unreadable; is it the right file?`,
      );
    }
  }
  const format = settled ?? requested;
  if (!format) throw new InputError(`${opened.display}: no readable record to recognise the format from`);
  // With a label file loaded, accounts whose id it lacks are counted, and the count told in a note at the end.
  async function* allBatches(): AsyncGenerator<ReadItem[]> {
    let accepted = 0;
    let unlabelled = 0;
    const count = (batch: ReadItem[]): ReadItem[] => {
      if (labels)
        for (const item of batch)
          if (item.ok) {
            accepted++;
            if (item.label === undefined) unlabelled++;
          }
      return batch;
    };
    for (const batch of pulled) yield count(batch);
    if (!finished) for await (const batch of batches) yield count(batch);
    if (unlabelled > 0)
      notes.push(
        `${unlabelled} of ${countOf(accepted, 'account')} ${nounFor(unlabelled, 'has', 'have')} no label: ${nounFor(unlabelled, 'its', 'their')} id is not in the label file`,
      );
  }
  return {
    format,
    input: info,
    defaultObservedAt,
    notes,
    layout: layout ?? undefined,
    lineEnds: () => ended.lines,
    get csv() {
      return csvShape.given ?? csvShape.found;
    },
    endedInsideRecord: () => ended.insideRecord,
    get labelled() {
      return labels !== undefined;
    },
    batches: allBatches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of allBatches()) yield* batch;
    },
  };
}
