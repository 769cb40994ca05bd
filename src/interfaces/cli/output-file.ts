// Opens a file a command writes to, failing with a clear message (path and reason) before any work is done.
import { createWriteStream, type WriteStream } from 'node:fs';
import { InputError } from '../../core/errors.ts';

export async function openOutputFile(path: string, option: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(new InputError(`${option} ${path}: cannot write: ${error.code ?? error.message}`)),
    );
  });
  return stream;
}
