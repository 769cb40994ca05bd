import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../store/dialects/sqlite.ts';
import type { Store } from '../../store/store.ts';
import { createApp } from './create-app.tsx';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const demoLines = readFileSync(join(ROOT, 'examples', 'demo-audience', 'followers.jsonl'), 'utf8')
  .trim()
  .split('\n');
const profile = JSON.parse(readFileSync(join(ROOT, 'examples', 'demo-audience', 'profile.json'), 'utf8'));
const historyCsv = readFileSync(join(ROOT, 'examples', 'growth', 'history.csv'), 'utf8');
const HANDLES = ['ana_bakes', 'ben_rides', 'cleo_codes'];

const dir = mkdtempSync(join(tmpdir(), 'realreach-growth-api-'));
let store: Store;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;

function request(path: string, init: RequestInit = {}) {
  return app.request(path, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
}

before(async () => {
  store = await openSqliteStore(join(dir, 'realreach.db'));
  auth = { Authorization: `Bearer ${(await store.createToken('test')).token}` };
  app = createApp({ store, log: () => {} });
  for (const [i, handle] of HANDLES.entries()) {
    const response = await request('/api/v1/audits', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        profile: { ...profile, id_str: String(990000000101 + i), screen_name: handle },
        followers: demoLines.slice(0, 150 * (i + 1)).map((line) => JSON.parse(line)),
        options: { seed: 1 },
      }),
    });
    await finished(response);
  }
});

/** Uploads are audit jobs (202 Accepted): follows the job until its audit is saved. */
async function finished(response: Response): Promise<void> {
  assert.equal(response.status, 202, await response.clone().text());
  const location = response.headers.get('location') ?? '';
  for (;;) {
    const job = (await (await request(location)).json()) as { state: string; error: string | null };
    assert.ok(['queued', 'running', 'done'].includes(job.state), job.error ?? job.state);
    if (job.state === 'done') return;
    await new Promise((done) => setTimeout(done, 20));
  }
}

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('growth API', () => {
  it('imports a history CSV into a profile and serves its series and events', async () => {
    const imported = await request('/api/v1/profiles/x/990000000101/history?filename=h.csv', {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv' },
      body: `${historyCsv}2026-09-27,not a count\n`,
    });
    assert.equal(imported.status, 201);
    const result = (await imported.json()) as { imported: number; rejected: unknown[] };
    assert.equal(result.imported, 300);
    assert.deepEqual(result.rejected[0], {
      file: 'h.csv',
      line: 302,
      field: 'followers',
      reason: 'expected a count (a whole number >= 0), got "not a count"',
    });
    const growth = (await (await request('/api/v1/profiles/x/990000000101/growth')).json()) as {
      series: unknown[];
      events: { kind: string; size: number }[];
    };
    assert.equal(growth.series.length, 300);
    assert.ok(
      growth.events.some((event: { kind: string; size: number }) => event.kind === 'drop' && event.size < 0),
    );
  });

  it('imports into a profile named by handle, and refuses a body that is not a CSV with 415', async () => {
    const byHandle = await request('/api/v1/profiles/x/@ben_rides/history', {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv; charset=utf-8' },
      body: 'date,followers\n2026-01-01,10\n2026-01-02,12\n',
    });
    assert.equal(byHandle.status, 201, await byHandle.clone().text());
    const stored = (await (await request('/api/v1/profiles/x/990000000102/history')).json()) as {
      snapshots: { source: string }[];
    };
    assert.ok(stored.snapshots.some((snapshot) => snapshot.source === 'import:history.csv'));
    const unknown = await request('/api/v1/profiles/x/@nobody/history', {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv' },
      body: 'date,followers\n2026-01-01,10\n',
    });
    assert.equal(unknown.status, 404);
    const json = await request('/api/v1/profiles/x/990000000102/history', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"date": "2026-01-01", "followers": 10}',
    });
    assert.equal(json.status, 415);
    assert.equal(json.headers.get('content-type'), 'application/problem+json');
    assert.match(
      ((await json.json()) as { detail: string }).detail,
      /cannot take a application\/json body: send the history CSV/,
    );
  });

  it('compares three candidates, ranked on the conservative end, as JSON and CSV', async () => {
    const query = 'candidates=@ana_bakes,x:ben_rides,3&price=ana_bakes=300&price=ben_rides=350&price=3=200';
    const response = await request(`/api/v1/compare?${query}`);
    assert.equal(response.status, 200, await response.clone().text());
    const body = (await response.json()) as {
      candidates: { costPer1000Real: { high: number } }[];
      cpmBenchmark: unknown;
    };
    assert.equal(body.candidates.length, 3);
    assert.deepEqual(body.cpmBenchmark, { value: 10, assumption: true });
    const highs = body.candidates.map((c: { costPer1000Real: { high: number } }) => c.costPer1000Real.high);
    assert.deepEqual(
      highs,
      [...highs].sort((a: number, b: number) => a - b),
    );
    const csv = await request(`/api/v1/compare?${query}&format=csv`);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.equal((await csv.text()).trim().split('\n').length, 4);
  });

  it('answers problems: an unknown candidate, a bad price, no token', async () => {
    assert.equal((await request('/api/v1/compare?candidates=@ana_bakes,@nobody')).status, 422);
    assert.equal((await request('/api/v1/compare?candidates=@ana_bakes,3&price=ana_bakes')).status, 422);
    assert.equal((await app.request('/api/v1/compare?candidates=1,2')).status, 401);
    assert.equal((await app.request('/api/v1/openapi.json')).status, 200);
  });
});
