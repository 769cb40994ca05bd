// Issue 16: what fetch writes reads back as what the API said — scoring the fetched file equals scoring the API's own JSON, follower for follower, empty bios and names included.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Account } from '../../core/account.ts';
import { mapMastodonAccount } from '../../ingest/formats/mastodon.ts';
import { openAccountReader } from '../../ingest/read.ts';
import { loadDetector } from '../../model/detector.ts';
import {
  type MastodonEntity,
  startLocalMastodonServer,
  syntheticMastodonAccount,
} from '../mastodon/local-mastodon-server.ts';
import { mastodonSource } from '../mastodon/mastodon-source.ts';
import { fetchFollowers } from './fetch-followers.ts';

const DOMAIN = 'mastodon.example';
const dir = mkdtempSync(join(tmpdir(), 'realreach-fetch-round-trip-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The fields that are set (absent and undefined are the same), without the source. */
function defined(account: Account): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(account).filter(([key, value]) => key !== 'source' && value !== undefined),
  );
}

describe('fetch → file → score', () => {
  it('scores every fetched follower as its API JSON scores (empty bios and names stay known-empty)', async () => {
    const followers = Array.from({ length: 400 }, (_, i) => syntheticMastodonAccount(i, DOMAIN));
    const profile: MastodonEntity = {
      ...syntheticMastodonAccount(1_000_000, DOMAIN),
      username: 'alice',
      acct: 'alice',
      followers_count: followers.length,
    };
    const server = await startLocalMastodonServer({ domain: DOMAIN, profile, followers });
    let files: { followers: string };
    try {
      ({ files } = await fetchFollowers({
        source: mastodonSource(
          { username: 'alice', instance: DOMAIN },
          { baseUrl: server.url, retry: { retries: 2, minDelayMs: 10, timeoutMs: 2000 } },
        ),
        profileRef: `@alice@${DOMAIN}`,
        out: join(dir, 'followers.jsonl'),
        resume: false,
      }));
    } finally {
      await server.close();
    }
    const fetched = new Map<string, Account>();
    for await (const item of await openAccountReader(files.followers)) {
      assert.ok(item.ok);
      fetched.set(item.account.id, item.account);
    }
    assert.equal(fetched.size, followers.length);
    const detector = await loadDetector('general');
    let emptyBios = 0;
    for (const entity of followers) {
      const file = fetched.get(String(entity.id));
      assert.ok(file, `follower ${entity.id} fetched`);
      const api: Account = {
        ...mapMastodonAccount(entity as Record<string, unknown>),
        observedAt: file.observedAt,
        source: file.source,
      };
      if (api.bio === '') emptyBios++;
      assert.deepEqual(defined(file), defined(api), `follower ${entity.id}`);
      assert.equal(detector.score(file).pFake, detector.score(api).pFake);
    }
    assert.ok(emptyBios > 0, 'the audience has followers with an empty bio');
  });
});
