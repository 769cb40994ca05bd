// Opens an input (a path, a gzip file, or stdin as `-`) as a stream of text chunks, with its first bytes kept for detection.

import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { cannotOpen, InputError } from '../../core/errors.ts';
import { binaryFileAdvice } from './binary-files.ts';
import { InflatedLines } from './gzip-failure.ts';

const HEAD_CHARS = 256 * 1024;
/**
 * Bytes read at a time. Each chunk's records live until the consumer has taken them; at 1 MiB they outlived the
 * young generation and peak RSS crept up with the input size (160 MiB at 100k records, 226 MiB at 2M), at 256 KiB
 * it stays flat (bench/readers.ts).
 */
const CHUNK_BYTES = 256 * 1024;

export interface OpenedInput {
  /** The input as the user named it. */
  display: string;
  /** Filesystem path, when the input is a file. */
  path?: string;
  /** The file's modification time: the capture time when the export has none. */
  modifiedAt?: Date;
  gzip: boolean;
  /** The first characters of the (decompressed) text, for format detection. */
  head: string;
  /** Every chunk of text from the start, the head included. Iterate once, and only this or `bytes`. */
  chunks: AsyncIterable<string>;
  /**
   * The same input as UTF-8 bytes (a byte-order mark removed), not checked for validity, when it is UTF-8 (not
   * UTF-16): for readers that decode only what they need. Iterate once, and only this or `chunks`.
   */
  bytes?: AsyncIterable<Buffer>;
  /** Byte sequences that were not valid UTF-8 so far; each is UNDECODABLE in the text, for the reader to reject. */
  undecodable: { count: number };
}

export interface OpenOptions {
  /** A gzip input that inflates to more than this many bytes stops with an error (a gzip bomb). */
  maxDecompressedBytes?: number;
  /** Read only these bytes of a file, `end` excluded (one thread's part of an uncompressed file). */
  range?: ByteRange;
}

export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Stands for each byte sequence that is not valid UTF-8. A lone low surrogate: no decoded text can hold one, so a
 * record containing it is known to be damaged and is rejected at its line, never read with a silent U+FFFD.
 */
export const UNDECODABLE = '\udfff';

/** The length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence. */
function completeUtf8Length(bytes: Buffer): number {
  const end = bytes.length;
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const byte = bytes[i] as number;
    if (byte < 0x80) return end;
    if (byte >= 0xc0) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return end - i < need ? i : end;
    }
  }
  return end;
}

/** Text of bytes that are not valid UTF-8, each bad sequence marked UNDECODABLE and counted. */
export function markUndecodable(bytes: Buffer, undecodable: { count: number }): string {
  const text = bytes.toString('utf8');
  undecodable.count += text.split('\ufffd').length - 1;
  return text.replaceAll('\ufffd', UNDECODABLE);
}

/** Text of bytes that are not all valid UTF-8: lines that are valid read as they are, the others marked. */
function decodeDamaged(bytes: Buffer, undecodable: { count: number }): string {
  const lines: string[] = [];
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    const line = bytes.subarray(start, end);
    lines.push(isUtf8(line) ? line.toString('utf8') : markUndecodable(line, undecodable));
    start = end + 1;
  }
  return lines.join('\n');
}

/** UTF-16 text without a byte-order mark: NUL in every other byte of what should be text. */
function looksLikeBomlessUtf16(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 512);
  if (sample.length < 8) return false;
  let nulEven = 0;
  let nulOdd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 === 0 ? nulEven++ : nulOdd++;
  const half = sample.length / 2;
  return nulEven > half * 0.8 || nulOdd > half * 0.8;
}

/** The input's encoding, settled by its first bytes: UTF-16 when its byte-order mark says so, else UTF-8. */
interface Encoding {
  utf16?: InstanceType<typeof TextDecoder>;
}

/**
 * The input's bytes, checked: a UTF-8 byte-order mark skipped, UTF-16 without a mark refused with what to do, a
 * compressed input stopped past `maxBytes`. A byte-order mark (or UTF-16 without one) is looked for at the start of
 * a file only, not of a part of it.
 */
async function* checkedBytes(
  bytes: AsyncIterable<Buffer>,
  display: string,
  encoding: Encoding,
  maxBytes: number | undefined,
  atStart: boolean,
  inflated: InflatedLines | undefined,
): AsyncGenerator<Buffer> {
  let first = atStart;
  let total = 0;
  try {
    for await (const item of bytes) {
      // a stream of strings (a request body read as text) is bytes in UTF-8
      let chunk: Buffer = typeof item === 'string' ? Buffer.from(item) : item;
      inflated?.count(chunk);
      total += chunk.length;
      if (maxBytes !== undefined && total > maxBytes)
        throw new InputError(
          `${display}: decompresses to more than ${maxBytes} bytes, the limit for a compressed input; send it uncompressed or in parts`,
        );
      if (first && chunk.length > 0) {
        first = false;
        if (chunk[0] === 0xff && chunk[1] === 0xfe) encoding.utf16 = new TextDecoder('utf-16le');
        else if (chunk[0] === 0xfe && chunk[1] === 0xff) encoding.utf16 = new TextDecoder('utf-16be');
        else if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
        else if (binaryFileAdvice(chunk) !== undefined)
          throw new InputError(`${display}: ${binaryFileAdvice(chunk)}`);
        else if (looksLikeBomlessUtf16(chunk))
          throw new InputError(
            `${display}: looks like UTF-16 text without a byte-order mark; save it as UTF-8 (or UTF-16 with a BOM)`,
          );
      }
      if (chunk.length > 0) yield chunk;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const gzipFailure = inflated?.describe(error);
    if (gzipFailure !== undefined) throw new InputError(`${display}: ${gzipFailure}`);
    throw new InputError(`${display}: cannot read: ${(error as Error).message}`);
  }
}

/**
 * Bytes to text, chunk by chunk: UTF-8, or UTF-16 when the input said so. Invalid UTF-8 is marked (UNDECODABLE)
 * and counted, never replaced silently.
 */
function textDecoder(encoding: Encoding, undecodable: { count: number }) {
  let carry: Buffer | undefined;
  return {
    push(raw: Buffer): string {
      if (encoding.utf16) return encoding.utf16.decode(raw, { stream: true });
      let chunk = carry ? Buffer.concat([carry, raw]) : raw;
      carry = undefined;
      const complete = completeUtf8Length(chunk);
      if (complete < chunk.length) {
        carry = chunk.subarray(complete);
        chunk = chunk.subarray(0, complete);
      }
      if (chunk.length === 0) return '';
      return isUtf8(chunk) ? chunk.toString('utf8') : decodeDamaged(chunk, undecodable);
    },
    end(): string {
      if (encoding.utf16) return encoding.utf16.decode();
      return carry ? decodeDamaged(carry, undecodable) : '';
    },
  };
}

async function* prepend<T>(first: T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield* first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function firstBytes(
  stream: Readable,
): Promise<{ first: Buffer | undefined; rest: AsyncIterator<Buffer> }> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const next = await iterator.next();
  return { first: next.done ? undefined : next.value, rest: iterator };
}

export async function openInput(
  input: string,
  stdin: Readable = process.stdin,
  options: OpenOptions = {},
): Promise<OpenedInput> {
  let raw: Readable;
  let path: string | undefined;
  let modifiedAt: Date | undefined;
  if (input === '-') {
    raw = stdin;
  } else {
    try {
      const info = await stat(input);
      if (info.isDirectory()) throw new InputError(`${input}: is a folder; name a file inside it`);
      modifiedAt = info.mtime;
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw cannotOpen(input, error);
    }
    path = input;
    const { range } = options;
    raw = createReadStream(input, {
      highWaterMark: CHUNK_BYTES,
      ...(range && { start: range.start, end: range.end - 1 }),
    });
  }
  const { first, rest } = await firstBytes(raw).catch((error: Error) => {
    throw new InputError(`${input}: cannot read: ${error.message}`);
  });
  const bytes = first === undefined ? [] : [first];
  const gzip =
    options.range === undefined &&
    first !== undefined &&
    first.length >= 2 &&
    first[0] === 0x1f &&
    first[1] === 0x8b;
  let body: AsyncIterable<Buffer> = prepend(bytes, rest);
  if (gzip) {
    // loaded for a gzip input only: node:zlib is some 7 M instructions of a plain input's start-up
    const { createGunzip } = await import('node:zlib');
    const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
    const source = body;
    (async () => {
      try {
        for await (const chunk of source)
          if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
        gunzip.end();
      } catch (error) {
        gunzip.destroy(error as Error);
      }
    })();
    body = gunzip;
  }
  const undecodable = { count: 0 };
  const limit = gzip ? options.maxDecompressedBytes : undefined;
  const encoding: Encoding = {};
  const inflated = gzip ? new InflatedLines() : undefined;
  const checked = checkedBytes(body, input, encoding, limit, (options.range?.start ?? 0) === 0, inflated);
  // the head is decoded from the first chunks, which are kept to be given again as text or as bytes
  const iterator = checked[Symbol.asyncIterator]();
  const decoder = textDecoder(encoding, undecodable);
  const seenBytes: Buffer[] = [];
  const seenText: string[] = [];
  let headLength = 0;
  while (headLength < HEAD_CHARS) {
    const next = await iterator.next();
    if (next.done) break;
    seenBytes.push(next.value);
    const text = decoder.push(next.value);
    seenText.push(text);
    headLength += text.length;
  }
  async function* chunks(): AsyncGenerator<string> {
    for (const text of seenText) if (text.length > 0) yield text;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const text = decoder.push(next.value);
      if (text.length > 0) yield text;
    }
    const rest = decoder.end();
    if (rest.length > 0) yield rest;
  }
  return {
    display: input,
    path,
    modifiedAt,
    gzip,
    head: seenText.join('').slice(0, HEAD_CHARS),
    chunks: chunks(),
    bytes: encoding.utf16 ? undefined : prepend(seenBytes, iterator),
    undecodable,
  };
}
