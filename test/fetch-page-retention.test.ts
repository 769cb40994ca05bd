// Fetched pages are dropped once their followers are consumed and the retention window is over, on SQLite and PostgreSQL: open fetches and fetches whose audit is still open keep theirs; the rows stay, with when and how much went.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { dropConsumedFetchPages } from '../src/jobs/fetch/fetch-page-retention.ts';
import type { Store } from '../src/store/store.ts';
import { postgresSkip } from './postgres-under-test.ts';
import { describe, it } from './skippable-tests.ts';
import { openTestStore, TEST_DIALECTS } from './value-test-stores.ts';

const HOUR = 3_600_000;

/** A fetch job with `pages` pages of 3 followers each saved; its id and the pages' stored size. */
async function fetchWithPages(
  store: Store,
  pages: number,
  audit = false,
): Promise<{ id: number; bytes: number }> {
  const id = await store.fetchJobs.createFetchJob({
    owner: 'test',
    profileRef: '@alice@retention.example',
    platform: 'mastodon',
    ...(audit ? { auditOptions: {} } : {}),
  });
  let bytes = 0;
  for (let page = 0; page < pages; page++) {
    const followers = gzipSync(`{"id":"${page}-a"}\n{"id":"${page}-b"}\n{"id":"${page}-c"}\n`);
    bytes += followers.length;
    const saved = await store.fetchJobs.saveFetchPage(
      id,
      page,
      { followers, count: 3, withheld: 0, rejected: [], next: page + 1 < pages ? `p${page + 1}` : undefined },
      page + 1 === pages,
    );
    assert.ok(saved);
  }
  return { id, bytes };
}

async function pagesOf(store: Store, id: number): Promise<number> {
  let pages = 0;
  for await (const _page of store.fetchJobs.fetchPages(id)) pages++;
  return pages;
}

for (const dialect of TEST_DIALECTS) {
  describe(`fetched pages' retention on ${dialect}`, { skip: dialect === 'postgres' && postgresSkip }, () => {
    it("keeps an open fetch's pages and an ended one's until the window is over, then drops them once, counted", async () => {
      const under = await openTestStore(dialect);
      const { store } = under;
      try {
        const open = await fetchWithPages(store, 2);
        const ended = await fetchWithPages(store, 3);
        assert.ok(await store.fetchJobs.setFetchJobState(ended.id, 'done', ['queued', 'running']));
        const cancelled = await fetchWithPages(store, 1);
        assert.ok(await store.fetchJobs.setFetchJobState(cancelled.id, 'cancelled', ['queued', 'running']));

        // A week's window: they ended just now, nothing goes.
        assert.deepEqual(await dropConsumedFetchPages(store, 168 * HOUR), {
          fetches: 0,
          pages: 0,
          followers: 0,
          bytes: 0,
        });
        assert.equal(await pagesOf(store, ended.id), 3);

        // A week later: the ended and the cancelled fetch's pages go; the open fetch keeps its own.
        const weekLater = new Date(Date.now() + 168 * HOUR + HOUR);
        assert.deepEqual(await dropConsumedFetchPages(store, 168 * HOUR, weekLater), {
          fetches: 2,
          pages: 4,
          followers: 12,
          bytes: ended.bytes + cancelled.bytes,
        });
        assert.equal(await pagesOf(store, ended.id), 0);
        assert.equal(await pagesOf(store, cancelled.id), 0);
        assert.equal(await pagesOf(store, open.id), 2);
        const job = await store.fetchJobs.getFetchJob(ended.id);
        assert.ok(job?.pagesDroppedAt instanceof Date);
        assert.equal(job.pageBytesDropped, ended.bytes);
        assert.equal(job.followersFetched, 9, 'the row keeps its counts');
        assert.equal((await store.fetchJobs.getFetchJob(open.id))?.pagesDroppedAt, undefined);

        // Dropped once: a second sweep finds nothing.
        assert.equal((await dropConsumedFetchPages(store, 0, weekLater)).fetches, 0);
      } finally {
        await under.close();
      }
    });

    it("keeps a fetch's pages while its audit job is open, whatever the window; drops them when it ends", async () => {
      const under = await openTestStore(dialect);
      const { store } = under;
      try {
        const fetch = await fetchWithPages(store, 2, true);
        const auditJobId = await store.jobs.createJob(
          {
            owner: 'test',
            inputName: 'fetched',
            format: 'realreach',
            notes: [],
            options: {},
            endsFetch: { fetchJobId: fetch.id },
          },
          async () => ({ records: 6, followers: 6, model: 'general' }),
        );
        const linked = await store.fetchJobs.getFetchJob(fetch.id);
        assert.equal(linked?.state, 'done');
        assert.equal(linked?.auditJobId, auditJobId);

        const later = new Date(Date.now() + HOUR);
        assert.equal((await dropConsumedFetchPages(store, 0, later)).fetches, 0, 'its audit is still queued');
        assert.equal(await pagesOf(store, fetch.id), 2);

        assert.ok(await store.jobs.setJobState(auditJobId, 'done', ['queued']));
        assert.deepEqual(await dropConsumedFetchPages(store, 0, later), {
          fetches: 1,
          pages: 2,
          followers: 6,
          bytes: fetch.bytes,
        });
        assert.equal(await pagesOf(store, fetch.id), 0);
      } finally {
        await under.close();
      }
    });
  });
}
