// Counts an upload's bytes as they stream in and stops the stream past the size limit, so an oversized body is refused, never stored whole.
import { ProblemError } from '../problem.ts';

function formatMiB(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 100) / 100} MiB`;
}

export class UploadLimit {
  readonly maxBytes: number;
  #read = 0;
  #exceeded = false;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /**
   * Whether the body went past the limit. Readers wrap a failing stream's error in their own, so callers ask
   * here rather than look at the error they catch.
   */
  get exceeded(): boolean {
    return this.#exceeded;
  }

  problem(): ProblemError {
    return new ProblemError(
      413,
      `the upload is larger than this server's limit of ${formatMiB(this.maxBytes)}; send a smaller file, gzip it, or audit a --sample with the CLI`,
    );
  }

  /** Refuses at once a body whose Content-Length already says it is too large. */
  checkDeclared(contentLength: string | undefined): void {
    if (contentLength === undefined) return;
    const declared = Number(contentLength);
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      this.#exceeded = true;
      throw this.problem();
    }
  }

  /** The body's chunks, passed on as they come, failing once more than the limit has passed. */
  async *count(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      this.#read += chunk.byteLength;
      if (this.#read > this.maxBytes) {
        this.#exceeded = true;
        throw this.problem();
      }
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  }
}
