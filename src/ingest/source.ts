// Opens an input (a path, a gzip file, or stdin as `-`) as a stream of text chunks, with its first bytes kept for detection.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { InputError } from '../core/errors.ts';

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
  /** Every chunk of text from the start, the head included. Iterate once. */
  chunks: AsyncIterable<string>;
}

async function* decode(bytes: AsyncIterable<Buffer>, display: string): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  try {
    for await (const chunk of bytes) {
      let text = decoder.write(chunk);
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      if (text.length > 0) yield text;
    }
  } catch (error) {
    throw new InputError(`${display}: cannot read: ${(error as Error).message}`);
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}

async function* prepend<T>(first: T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield* first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/** Reads until `size` characters (or the end) are in hand, and returns them with an iterable over everything. */
async function peek(
  text: AsyncIterable<string>,
  size: number,
): Promise<{ head: string; chunks: AsyncIterable<string> }> {
  const iterator = text[Symbol.asyncIterator]();
  const seen: string[] = [];
  let length = 0;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    length += next.value.length;
  }
  return { head: seen.join('').slice(0, size), chunks: prepend(seen, iterator) };
}

async function firstBytes(
  stream: Readable,
): Promise<{ first: Buffer | undefined; rest: AsyncIterator<Buffer> }> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const next = await iterator.next();
  return { first: next.done ? undefined : next.value, rest: iterator };
}

export async function openInput(input: string, stdin: Readable = process.stdin): Promise<OpenedInput> {
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
      throw new InputError(
        `${input}: cannot open: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    path = input;
    raw = createReadStream(input, { highWaterMark: CHUNK_BYTES });
  }
  const { first, rest } = await firstBytes(raw).catch((error: Error) => {
    throw new InputError(`${input}: cannot read: ${error.message}`);
  });
  const bytes = first === undefined ? [] : [first];
  const gzip = first !== undefined && first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  let body: AsyncIterable<Buffer> = prepend(bytes, rest);
  if (gzip) {
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
  const { head, chunks } = await peek(decode(body, input), HEAD_CHARS);
  return { display: input, path, modifiedAt, gzip, head, chunks };
}
