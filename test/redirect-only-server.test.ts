// The redirect-only server as shipped (`realreach serve --redirect-only`) on SQLite and PostgreSQL: only registered targets, every answered hit stored after SIGTERM, and no IP anywhere in the database.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { CLI } from '../src/interfaces/cli/_test-cli.ts';
import { postgresSkip } from './postgres-under-test.ts';
import { openTestStore, type TestStore } from './value-test-stores.ts';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const VALUE_TABLES = [
  'campaigns',
  'campaign_profiles',
  'tracked_links',
  'click_hits',
  'visitor_salts',
  'conversions',
];

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`realreach serve --redirect-only on ${dialect}`, {
    skip: dialect === 'postgres' ? postgresSkip : false,
  }, () => {
    let test: TestStore;
    let server: ChildProcess;
    let base: string;
    let slug: string;

    before(async () => {
      test = await openTestStore(dialect);
      const campaign = await test.store.value.createCampaign({
        name: 'C',
        brand: null,
        startsOn: null,
        endsOn: null,
        cost: { minor: 100, currency: 'EUR' },
        profiles: [],
      });
      const link = await test.store.value.createLink({
        campaignId: campaign.id,
        profile: { platform: 'x', id: null, handle: 'ana' },
        target: 'https://shop.example/spring?a=1#buy',
      });
      assert.ok(link);
      slug = link.slug;
      server = spawn(
        process.execPath,
        [CLI, 'serve', '--redirect-only', '--trust-proxy', '--port', '0', ...test.args],
        {
          env: { ...process.env, DATABASE_URL: '', ...test.env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      base = await new Promise<string>((done, fail) => {
        const read = (chunk: Buffer) => {
          output += chunk;
          const url = /tracked links (http:\/\/\S+?)\/r\//.exec(output)?.[1];
          if (url !== undefined) done(url);
        };
        server.stdout?.on('data', read);
        server.stderr?.on('data', read);
        server.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${output}`)));
      });
    });

    after(async () => {
      if (server?.exitCode === null) {
        const exited = once(server, 'exit');
        server.kill('SIGTERM');
        await exited;
      }
      await test?.close();
    });

    it('redirects only to the registered target, and answers anything else with 404 or 405', async () => {
      const response = await fetch(`${base}/r/${slug}?to=https://evil.example`, {
        redirect: 'manual',
        headers: { 'User-Agent': CHROME, 'X-Forwarded-For': '203.0.113.99' },
      });
      assert.equal(response.status, 302);
      assert.match(
        response.headers.get('location') ?? '',
        /^https:\/\/shop\.example\/spring\?a=1&rr_click=[\w-]{16}#buy$/,
      );
      for (const path of [
        '/r/nosuchslug',
        '/r/%2F%2Fevil.example',
        `/r/${slug}/https://evil.example`,
        `/r/${slug}%2F%2Fevil.example`,
        '/r/..%2F..%2Fhealthz',
        '/r/https:%2F%2Fevil.example',
        '//evil.example',
        '/api/v1/campaigns',
      ]) {
        const refused = await fetch(`${base}${path}`, {
          redirect: 'manual',
          headers: { 'User-Agent': CHROME },
        });
        assert.equal(refused.status, 404, path);
        assert.equal(refused.headers.get('location'), null, path);
      }
      const post = await fetch(`${base}/r/${slug}`, { method: 'POST', redirect: 'manual' });
      assert.equal(post.status, 405);
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
    });

    it('stores every answered hit when stopped with SIGTERM, and keeps no IP in any table', async () => {
      const sent = 600;
      let answered = 1; // the hit of the test above
      for (let batch = 0; batch < sent / 50; batch += 1) {
        const responses = await Promise.all(
          Array.from({ length: 50 }, (_, index) =>
            fetch(`${base}/r/${slug}`, {
              redirect: 'manual',
              headers: { 'User-Agent': CHROME, 'X-Forwarded-For': `203.0.113.${(batch * 50 + index) % 250}` },
            }),
          ),
        );
        answered += responses.filter((response) => response.status === 302).length;
      }
      assert.equal(answered, sent + 1);
      const exited = once(server, 'exit');
      server.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0);
      assert.equal(await test.store.value.countHits(), answered);
      for (const table of VALUE_TABLES) {
        const rows = await sql<{ row: string }>`select * from ${sql.table(table)}`.execute(test.raw);
        const text = JSON.stringify(rows.rows);
        assert.doesNotMatch(text, /203\.0\.113\./, `no IP in ${table}`);
      }
    });
  });
}
