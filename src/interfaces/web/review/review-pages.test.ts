import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { REVIEW_COLUMNS, readReviewLabels } from '../../../audit/verification/review-file.ts';
import { openSqliteStore } from '../../../store/dialects/sqlite.ts';
import { syntheticFollower, syntheticReport } from '../../../store/fixtures/synthetic-audit.ts';
import type { Store } from '../../../store/store.ts';
import { resolveAppOptions } from '../../http/app-options.ts';
import { saveBundledExample } from '../../http/bundled-example.ts';
import { createApp } from '../../http/create-app.tsx';

const ORIGIN = 'http://localhost';
const dir = mkdtempSync(join(tmpdir(), 'realreach-review-pages-'));
let store: Store;
let app: ReturnType<typeof createApp>;
let cookie: string;
let auditId: number;

before(async () => {
  store = await openSqliteStore(join(dir, 'realreach.db'));
  const token = (await store.createToken('browser')).token;
  auditId = (await saveBundledExample(resolveAppOptions({ store }))).id;
  app = createApp({ store, log: () => {} });
  const response = await app.request('/sign-in', {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next: '/audits' }),
  });
  cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
});

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: Record<string, string>, origin = ORIGIN) =>
  app.request(`/audits/${auditId}/review`, {
    method: 'POST',
    headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });

describe('the dashboard review page', () => {
  it('shows the next follower with three buttons, and the progress', async () => {
    const response = await app.request(`/audits/${auditId}/review?seed=3&n=20&labels=fr-u`, {
      headers: { Cookie: cookie },
    });
    assert.equal(response.status, 200);
    const html = await response.text();
    for (const label of ['fake', 'real', 'unsure']) assert.match(html, new RegExp(`value="${label}"`));
    assert.match(html, /3 of 20 labelled/);
    assert.match(html, /Follower 3 of 20/, 'the first follower without a label is next');
    assert.match(html, /checked against 3 followers a person labelled/);
    // every drawn follower's reasons, or why there are none (most drawn followers are not among the explained ones)
    assert.match(html, /<dt>Why, says the model<\/dt><dd>[^<]+<\/dd>/);
    assert.doesNotMatch(html, /no reasons were saved/);
  });

  it('records a label and redirects back with it; a form from another site is refused', async () => {
    const response = await post({ seed: '3', n: '20', labels: 'fr', at: '4', label: 'unsure' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), `/audits/${auditId}/review?seed=3&n=20&labels=fr--u`);
    const elsewhere = await post(
      { seed: '3', n: '20', labels: '', at: '0', label: 'fake' },
      'https://evil.example',
    );
    assert.equal(elsewhere.status, 403);
  });

  it('offers the labels as a CSV that audit --labels reads, and undoing the last label', async () => {
    const page = await (
      await app.request(`/audits/${auditId}/review?seed=3&n=20&labels=fr-u`, { headers: { Cookie: cookie } })
    ).text();
    assert.match(page, /id="undo-label" href="[^"]*labels=fr&amp;|id="undo-label" href="[^"]*labels=fr"/);
    const csv = await app.request(`/audits/${auditId}/review.csv?seed=3&n=20&labels=fr-u`, {
      headers: { Cookie: cookie },
    });
    assert.equal(csv.status, 200);
    const labels = readReviewLabels(await csv.text(), 'review.csv');
    assert.deepEqual(
      labels.rows.map((row) => row.label),
      ['fake', 'real', 'unsure'],
    );
    assert.equal(labels.unlabelled, 17);
  });

  it('shows the profile facts a person judges by, and downloads them in the columns `realreach review` writes', async () => {
    const html = await (
      await app.request(`/audits/${auditId}/review?seed=3&n=20`, { headers: { Cookie: cookie } })
    ).text();
    const facts = html.match(/<dl class="facts" id="profile-facts">(.*?)<\/dl>/s)?.[1] ?? '';
    for (const term of [
      'Name',
      'Followers',
      'Following',
      'Posts',
      'Account created',
      'Profile picture',
      'Bio',
    ])
      assert.match(facts, new RegExp(`<dt>${term}</dt>`), term);
    assert.match(facts, /before the list was read/, 'the account age, measured to the capture time');
    const csv = await (
      await app.request(`/audits/${auditId}/review.csv?seed=3&n=20`, { headers: { Cookie: cookie } })
    ).text();
    const [header, cells = []] = parse(csv) as string[][];
    assert.deepEqual(header, REVIEW_COLUMNS);
    const followers = cells[REVIEW_COLUMNS.indexOf('followers')] ?? '';
    assert.match(followers, /^\d+$/, 'a follower count in the followers column');
    assert.match(cells[REVIEW_COLUMNS.indexOf('created')] ?? '', /^\d{4}-\d\d-\d\d$/);
  });

  it('says once that the facts were not stored, for an audit saved without them', async () => {
    const old = await store.saveAudit(
      syntheticReport({ profile: null, followersRead: 30 }),
      Array.from({ length: 30 }, (_, i) => syntheticFollower(i)),
    );
    const response = await app.request(`/audits/${old}/review?seed=1&n=10`, { headers: { Cookie: cookie } });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /id="facts-not-stored">Profile facts not stored/);
    assert.doesNotMatch(html, /id="profile-facts"/);
    const csv = await app.request(`/audits/${old}/review.csv?seed=1&n=10`, { headers: { Cookie: cookie } });
    assert.equal(csv.status, 200);
  });

  it('refuses labels that are not f, r, u or -, and a follower beyond the sample', async () => {
    const bad = await app.request(`/audits/${auditId}/review?labels=fx`, { headers: { Cookie: cookie } });
    assert.equal(bad.status, 400);
    assert.equal((await post({ seed: '3', n: '20', labels: '', at: '20', label: 'fake' })).status, 400);
  });
});
