// Reads a multipart/form-data upload with busboy: option fields and a small profile in memory, the followers file spooled to disk, so parts may come in any order.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';

/** The body is not the multipart/form-data its Content-Type says it is, or breaks the form's limits. */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export interface FormFile {
  /** The file's name as the browser or client sent it (undefined when it sent none). */
  name: string | undefined;
}

export interface UploadForm {
  /** Text fields by name, trimmed; empty ones (an unfilled form input) left out. */
  fields: Record<string, string>;
  /** File parts held in memory (the profile), by field name; an empty unnamed part (an unselected file input) is absent. */
  smallFiles: Record<string, FormFile & { bytes: Buffer }>;
  /** The one large file part (the followers), written to `path`; absent like the others when empty and unnamed. */
  spooled?: FormFile & { path: string; bytes: number };
}

export interface UploadFormLimits {
  /** The field names accepted as text; any other text field is refused. */
  fieldNames: readonly string[];
  /** The file part spooled to disk. */
  spooledName: string;
  /** File parts kept in memory, with their largest size in bytes. */
  smallFiles: Record<string, number>;
  /** Largest text field in bytes. */
  fieldBytes: number;
}

/** The boundary parameter of a multipart/form-data Content-Type, or undefined when it is not one (or has none). */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

async function collect(stream: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) {
      stream.resume();
      throw new MultipartError(`${what} is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads the whole form from `body` (each chunk pushed into busboy as it arrives, the body's own failures — a size
 * limit — passed on), spooling the large file into `dir`. Rejects with MultipartError on a malformed form or a
 * field it does not take, with the body's error when the body fails.
 */
export async function readUploadForm(
  body: AsyncIterable<Uint8Array>,
  contentType: string,
  dir: string,
  limits: UploadFormLimits,
): Promise<UploadForm> {
  const form: UploadForm = { fields: {}, smallFiles: {} };
  const parser = busboy({
    headers: { 'content-type': contentType },
    limits: {
      fieldSize: limits.fieldBytes,
      fields: limits.fieldNames.length * 2,
      files: Object.keys(limits.smallFiles).length + 2,
      headerPairs: 16,
    },
  });
  const work: Promise<void>[] = [];
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
  };

  parser.on('field', (name, value, info) => {
    if (!limits.fieldNames.includes(name))
      return fail(
        new MultipartError(
          `unknown form field "${name}"; the fields are ${limits.spooledName} (the file), ${Object.keys(limits.smallFiles).join(', ')} (a file) and ${limits.fieldNames.join(', ')}`,
        ),
      );
    if (info.valueTruncated)
      return fail(new MultipartError(`the field "${name}" is longer than ${limits.fieldBytes} bytes`));
    const trimmed = value.trim();
    if (trimmed !== '') form.fields[name] = trimmed;
  });

  parser.on('file', (name, stream, info) => {
    const fileName = info.filename === undefined || info.filename === '' ? undefined : info.filename;
    if (name === limits.spooledName) {
      if (form.spooled !== undefined) {
        stream.resume();
        return fail(new MultipartError(`the form has two "${name}" file parts; send one`));
      }
      const spooled = { name: fileName, path: join(dir, 'spooled-upload'), bytes: 0 };
      stream.on('data', (chunk: Buffer) => {
        spooled.bytes += chunk.length;
      });
      work.push(
        pipeline(stream, createWriteStream(spooled.path)).then(() => {
          // An unselected file input sends an empty part without a file name: no file at all.
          if (spooled.bytes > 0 || fileName !== undefined) form.spooled = spooled;
        }, fail),
      );
      return;
    }
    const limit = limits.smallFiles[name];
    if (limit === undefined) {
      stream.resume();
      return fail(
        new MultipartError(
          `unknown file part "${name}"; the files are ${limits.spooledName} and ${Object.keys(limits.smallFiles).join(', ')}`,
        ),
      );
    }
    work.push(
      collect(stream, limit, `the file "${name}"`).then((bytes) => {
        if (bytes.length > 0 || fileName !== undefined) form.smallFiles[name] = { name: fileName, bytes };
      }, fail),
    );
  });

  for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const)
    parser.on(limit, () =>
      fail(new MultipartError(`the form has more parts than an audit upload takes (${limit})`)),
    );

  const closed = new Promise<void>((resolve) => {
    parser.on('close', resolve);
    parser.on('error', (error: Error) => {
      fail(new MultipartError(error.message));
      resolve();
    });
  });

  try {
    for await (const chunk of body) {
      if (failure !== undefined) break;
      if (!parser.write(chunk))
        await Promise.race([new Promise((resolve) => parser.once('drain', resolve)), closed]);
    }
    if (failure === undefined) {
      parser.end();
      await closed;
      await Promise.all(work);
    }
  } catch (error) {
    parser.destroy();
    throw error;
  }
  if (failure !== undefined) {
    parser.destroy();
    throw failure;
  }
  return form;
}
