// Reads a multipart/form-data body part by part as it streams in: each part's bytes are passed on, never the whole body held.

/** The body is not the multipart/form-data its Content-Type says it is. */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export interface MultipartPart {
  /** The form field's name (Content-Disposition `name`). */
  name: string;
  /** The uploaded file's name, when the part is a file. */
  filename: string | undefined;
  /** The part's bytes. Read it to its end (or leave it: the next part skips what is left). */
  body: AsyncIterable<Buffer>;
}

/** Headers of one part larger than this are not a form's. */
const MAX_PART_HEADER_BYTES = 16 * 1024;

/** The boundary of a `multipart/form-data; boundary=…` Content-Type, or undefined when it is not one. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** Pulls chunks on demand and hands out bytes up to a delimiter, keeping at most one chunk and a delimiter's length. */
class DelimitedReader {
  readonly #chunks: AsyncIterator<Uint8Array>;
  #buffer: Buffer = Buffer.alloc(0);
  #ended = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#chunks = source[Symbol.asyncIterator]();
  }

  /** Appends the next chunk; false at the end of the body. */
  async #fill(): Promise<boolean> {
    if (this.#ended) return false;
    const next = await this.#chunks.next();
    if (next.done) {
      this.#ended = true;
      return false;
    }
    this.#buffer =
      this.#buffer.length === 0 ? Buffer.from(next.value) : Buffer.concat([this.#buffer, next.value]);
    return true;
  }

  /** The bytes before the delimiter, in pieces; the delimiter itself is consumed. */
  async *until(delimiter: Buffer, what: string): AsyncGenerator<Buffer> {
    for (;;) {
      const at = this.#buffer.indexOf(delimiter);
      if (at >= 0) {
        if (at > 0) yield this.#buffer.subarray(0, at);
        this.#buffer = this.#buffer.subarray(at + delimiter.length);
        return;
      }
      // Keep a delimiter's length but one: the delimiter may start in this chunk and end in the next.
      const safe = this.#buffer.length - (delimiter.length - 1);
      if (safe > 0) {
        const piece = this.#buffer.subarray(0, safe);
        this.#buffer = this.#buffer.subarray(safe);
        yield piece;
      }
      if (!(await this.#fill())) throw new MultipartError(`the body ended inside ${what}`);
    }
  }

  /** Puts bytes back in front, to be read again. */
  unread(bytes: Buffer): void {
    this.#buffer = Buffer.concat([bytes, this.#buffer]);
  }

  /** The next `length` bytes, or fewer at the end of the body. */
  async take(length: number): Promise<Buffer> {
    while (this.#buffer.length < length && (await this.#fill()));
    const taken = this.#buffer.subarray(0, length);
    this.#buffer = this.#buffer.subarray(taken.length);
    return taken;
  }
}

interface PartHeaders {
  name: string;
  filename: string | undefined;
}

function parsePartHeaders(text: string): PartHeaders {
  let disposition: string | undefined;
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`a part header is not "Name: value": "${line.slice(0, 80)}"`);
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === 'content-disposition') disposition = value;
  }
  if (disposition === undefined || !/^form-data\b/i.test(disposition))
    throw new MultipartError('a part has no "Content-Disposition: form-data" header');
  const parameter = (key: string) =>
    new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition)?.[1]?.replace(/\\(.)/g, '$1');
  const name = parameter('name');
  if (name === undefined) throw new MultipartError('a part\'s Content-Disposition has no name="…"');
  return { name, filename: parameter('filename') };
}

async function collect(pieces: AsyncIterable<Buffer>, limit: number, what: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const piece of pieces) {
    length += piece.length;
    if (length > limit) throw new MultipartError(`${what} is longer than ${limit} bytes`);
    parts.push(piece);
  }
  return Buffer.concat(parts);
}

/**
 * The parts of a multipart/form-data body (RFC 7578), in order, as it streams. A part's body must be read (or
 * abandoned) before the next part is asked for: nothing but the current chunk is buffered.
 */
export async function* readMultipart(
  source: AsyncIterable<Uint8Array>,
  boundary: string,
): AsyncGenerator<MultipartPart> {
  const reader = new DelimitedReader(source);
  const partDelimiter = Buffer.from(`\r\n--${boundary}`);
  // The first boundary may open the body without the CRLF that precedes every later one.
  const opening = await reader.take(boundary.length + 2);
  if (!opening.equals(Buffer.from(`--${boundary}`))) {
    reader.unread(opening);
    for await (const _ of reader.until(partDelimiter, 'the preamble'));
  }
  for (;;) {
    const after = (await reader.take(2)).toString('latin1');
    if (after === '--') return;
    if (after !== '\r\n') throw new MultipartError('a boundary is not followed by CRLF or "--"');
    const headerBytes = await collect(
      reader.until(Buffer.from('\r\n\r\n'), 'the headers of a part'),
      MAX_PART_HEADER_BYTES,
      'the headers of a part',
    );
    const headers = parsePartHeaders(headerBytes.toString('utf8'));
    const pieces = reader.until(partDelimiter, `the part "${headers.name}"`);
    // A consumer that stops early must not close the pieces: what it left is skipped below, up to the next boundary.
    const body: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => ({ next: () => pieces.next() }) };
    yield { ...headers, body };
    for await (const _ of pieces);
  }
}

/** A text field's value: its bytes as UTF-8, refused when longer than `limit` bytes. */
export async function readTextPart(part: MultipartPart, limit: number): Promise<string> {
  return (await collect(part.body, limit, `the field "${part.name}"`)).toString('utf8');
}

/** A small file part's bytes, refused when longer than `limit` bytes. */
export function readSmallPart(part: MultipartPart, limit: number): Promise<Buffer> {
  return collect(part.body, limit, `the file "${part.name}"`);
}
