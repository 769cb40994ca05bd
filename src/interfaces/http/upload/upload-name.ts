// Names an upload's records after the uploaded file: a stream is otherwise "-" in every follower's source and error.
import type { ReadItem } from '../../../ingest/read.ts';

/** The records as coming from `name`: an upload read from a stream is otherwise "-" in every follower's source and error. */
export async function* underUploadName(
  batches: AsyncIterable<ReadItem[]>,
  name: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<ReadItem[]> {
  for await (const batch of batches) {
    signal?.throwIfAborted();
    for (const item of batch) {
      if (item.ok) item.account.source.file = name;
      else item.error.file = name;
    }
    yield batch;
  }
}
