// Says in words why a gzip input could not be inflated — cut short, or damaged — and where its text stopped.

/** Counts the lines of inflated text as it passes, so a failure can say after which line the text stopped. */
export class InflatedLines {
  #breaks = 0;
  #bytes = 0;

  count(chunk: Buffer): void {
    this.#bytes += chunk.length;
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) this.#breaks++;
  }

  /**
   * Why zlib stopped, in words, for a message after the input's name; undefined when `error` is no zlib failure.
   * Node reports a cut-short stream as Z_BUF_ERROR ("unexpected end of file") and damaged data as Z_DATA_ERROR.
   */
  describe(error: unknown): string | undefined {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code !== 'Z_BUF_ERROR' && code !== 'Z_DATA_ERROR') return undefined;
    const line = (this.#breaks + 1).toLocaleString('en-US');
    const bytes = this.#bytes.toLocaleString('en-US');
    if (code === 'Z_BUF_ERROR')
      return `the gzip data ends early, in line ${line} (${bytes} bytes of text): the file is cut short (an incomplete download or copy?); get the whole file again`;
    return `the gzip data is damaged after ${bytes} bytes of text (line ${line}; zlib: ${(error as Error).message}); get the file again`;
  }
}
