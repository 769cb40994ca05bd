import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { auditReportSchema } from '../../audit/report-schema.ts';
import { openSqliteStore } from '../../store/dialects/sqlite.ts';
import type { Store } from '../../store/store.ts';
import { auditIdOfJob } from './_test-jobs.ts';
import { resolveAppOptions } from './app-options.ts';
import { createApp } from './create-app.tsx';
import { PROBLEM_CONTENT_TYPE } from './problem.ts';
import { createAuditFromRequest } from './upload/create-audit-from-request.ts';

const DEMO = resolve(import.meta.dirname, '..', '..', '..', 'examples', 'demo-audience');
const demoText = readFileSync(join(DEMO, 'followers.jsonl'), 'utf8');
const truth = new Map(
  demoText
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; label: string })
    .map((record) => [record.id, record.label === 'human' ? 'real' : 'fake'] as const),
);
const trueShare = [...truth.values()].filter((label) => label === 'fake').length / truth.size;

const dir = mkdtempSync(join(tmpdir(), 'realreach-review-api-'));
let store: Store;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;
let auditId: number;

before(async () => {
  store = await openSqliteStore(join(dir, 'realreach.db'));
  auth = { Authorization: `Bearer ${(await store.createToken('test')).token}` };
  app = createApp({ store, log: () => {} });
  const { jobId } = await createAuditFromRequest(
    resolveAppOptions({ store }),
    new Request('http://localhost/', { method: 'POST', body: demoText }),
    {},
  );
  auditId = await auditIdOfJob(store, jobId);
});

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const request = (path: string, init: RequestInit = {}) =>
  app.request(path, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });

interface Drawn {
  auditId: number;
  n: number;
  seed: number;
  followers: { id: string; profileUrl: string | null; pFake: number; stratum: string }[];
  strata: { pFake: string; followers: number; drawn: number }[];
}

describe('the review API of a saved audit', () => {
  it('draws a seeded sample stratified by p(fake) with profile links, the same for the same seed', async () => {
    const response = await request(`/api/v1/audits/${auditId}/review?n=60&seed=5`);
    assert.equal(response.status, 200, await response.clone().text());
    const drawn = (await response.json()) as Drawn;
    assert.equal(drawn.followers.length, 60);
    assert.equal(new Set(drawn.followers.map((f) => f.id)).size, 60);
    assert.match(drawn.followers[0]?.profileUrl ?? '', /^https:\/\/x\.com\//);
    assert.equal(
      drawn.strata.reduce((sum, stratum) => sum + stratum.followers, 0),
      2500,
    );
    for (const stratum of drawn.strata)
      if (stratum.followers > 0) assert.ok(stratum.drawn >= 2, stratum.pFake);
    const again = (await (await request(`/api/v1/audits/${auditId}/review?n=60&seed=5`)).json()) as Drawn;
    assert.deepEqual(again, drawn);
  });

  it('gives each drawn follower the profile facts of its input line, through the queued audit', async () => {
    const records = new Map(
      demoText
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .map((record) => [record.id as string, record]),
    );
    const drawn = (await (await request(`/api/v1/audits/${auditId}/review?n=30&seed=2`)).json()) as {
      followers: { id: string; createdAt: string | null; facts: Record<string, unknown> | null }[];
    };
    for (const follower of drawn.followers) {
      const record = records.get(follower.id);
      assert.ok(record && follower.facts, follower.id);
      assert.equal(follower.facts.followers, record.followersCount ?? null);
      assert.equal(follower.facts.following, record.followingCount ?? null);
      assert.equal(follower.facts.posts, record.postsCount ?? null);
      assert.equal(follower.facts.displayName, record.displayName ?? null);
      assert.equal(follower.facts.defaultAvatar, record.hasDefaultAvatar ?? null);
      assert.equal(follower.facts.observedAt, record.observedAt ?? null);
      assert.equal(follower.createdAt, record.createdAt ?? null);
    }
  });

  it('re-estimates the audit from labels, covering the truth, without storing anything', async () => {
    const drawn = (await (await request(`/api/v1/audits/${auditId}/review`)).json()) as Drawn;
    assert.equal(drawn.followers.length, 100);
    const labels = drawn.followers.map((f) => ({ id: f.id, label: truth.get(f.id) }));
    const response = await request(`/api/v1/audits/${auditId}/labels`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ labels }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const { report } = (await response.json()) as { report: unknown };
    const parsed = auditReportSchema.parse(report);
    const verification = parsed.verification;
    assert.ok(verification);
    assert.equal(verification.labels.used, 100);
    assert.ok(verification.fakeShare.low <= trueShare && trueShare <= verification.fakeShare.high);
    const stored = (await (await request(`/api/v1/audits/${auditId}`)).json()) as {
      report: { verification?: unknown };
    };
    assert.equal(stored.report.verification, undefined);
  });

  it('answers problems: no token 401, unknown audit 404, a bad label 400, no label among the followers 422', async () => {
    assert.equal((await app.request(`/api/v1/audits/${auditId}/review`)).status, 401);
    const unknown = await request('/api/v1/audits/9999/review');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('content-type'), PROBLEM_CONTENT_TYPE);
    const post = (body: unknown) =>
      request(`/api/v1/audits/${auditId}/labels`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await post({ labels: [{ id: '1', label: 'maybe' }] })).status, 400);
    assert.equal((await post({ labels: [{ id: 'nobody', label: 'fake' }] })).status, 422);
    assert.equal((await request(`/api/v1/audits/${auditId}/review?n=0`)).status, 400);
  });
});
