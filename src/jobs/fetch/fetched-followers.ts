// A fetch job's saved pages read back: as the JSONL a `realreach fetch` file holds, and as the follower source an audit job is submitted from.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FollowerSource } from '../../audit/audit-followers.ts';
import type { Account } from '../../core/account.ts';
import { realreachJson, toRealreachRecord } from '../../ingest/formats/realreach.ts';
import type { ReadItem } from '../../ingest/read.ts';
import type { Store } from '../../store/store.ts';

/** A page's followers as gzipped realreach JSON lines, the lines `realreach fetch` writes. */
export function encodeFollowerPage(followers: readonly Account[]): Buffer {
  return gzipSync(followers.map((account) => `${JSON.stringify(toRealreachRecord(account))}\n`).join(''));
}

/** The followers file of a fetch job: every page's lines, in page order. */
export async function* fetchedFollowerLines(store: Store, jobId: number): AsyncGenerator<string> {
  for await (const { followers } of store.fetchJobs.fetchPages(jobId))
    yield gunzipSync(followers).toString('utf8');
}

/** What an audit job reads: the fetched followers as realreach records, numbered by line as in the followers file. */
export function fetchedFollowerSource(store: Store, jobId: number, display: string): FollowerSource {
  return {
    format: { name: realreachJson.name },
    input: { display },
    notes: [],
    async *batches() {
      let line = 0;
      for await (const text of fetchedFollowerLines(store, jobId)) {
        const items: ReadItem[] = [];
        for (const row of text.split('\n')) {
          if (row === '') continue;
          line++;
          const { account, label } = realreachJson.map(JSON.parse(row), { file: display, line });
          const placed: Account = { ...account, source: { format: realreachJson.name, file: display, line } };
          items.push(
            label === undefined ? { ok: true, account: placed } : { ok: true, account: placed, label },
          );
        }
        yield items;
      }
    },
  };
}
