// Inflates a gzipped upload as it is read and stops it past a limit on the inflated bytes, so a small gzip that inflates to gigabytes (a gzip bomb) is refused.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../../core/errors.ts';
import { InflatedLines } from '../../../ingest/source/gzip-failure.ts';
import { ProblemError } from '../problem.ts';

const GZIP_MAGIC = [0x1f, 0x8b];

function formatMiB(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 100) / 100} MiB`;
}

export class InflateLimit {
  readonly maxBytes: number;
  #exceeded = false;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /** Whether the inflated bytes went past the limit (readers wrap the stream's error in their own). */
  get exceeded(): boolean {
    return this.#exceeded;
  }

  problem(): ProblemError {
    return new ProblemError(
      413,
      `the gzipped upload inflates to more than this server's limit of ${formatMiB(this.maxBytes)}; send a smaller list, or audit a --sample with the CLI`,
    );
  }

  /**
   * The source's bytes, inflated when they start with the gzip magic (every member of a multi-member gzip), as
   * they are asked for; fails once more than the limit has come out. Anything else passes through unchanged.
   */
  async *inflate(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const chunks = source[Symbol.asyncIterator]();
    let head = Buffer.alloc(0);
    while (head.length < GZIP_MAGIC.length) {
      const next = await chunks.next();
      if (next.done) break;
      head = Buffer.concat([head, next.value]);
    }
    const rest: AsyncIterable<Buffer> = {
      [Symbol.asyncIterator]: () => chunks,
    };
    async function* whole(): AsyncGenerator<Buffer> {
      if (head.length > 0) yield head;
      yield* rest;
    }
    if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) {
      yield* whole();
      return;
    }
    const gunzip = Readable.from(whole()).pipe(createGunzip());
    let inflated = 0;
    const lines = new InflatedLines();
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        inflated += chunk.length;
        if (inflated > this.maxBytes) {
          this.#exceeded = true;
          throw this.problem();
        }
        lines.count(chunk);
        yield chunk;
      }
    } catch (error) {
      // a cut-short or damaged gzip is the upload's fault (422 naming it), not the server's; "-" becomes its name
      const failure = lines.describe(error);
      throw failure === undefined ? error : new InputError(`-: ${failure}`);
    } finally {
      gunzip.destroy();
    }
  }
}
