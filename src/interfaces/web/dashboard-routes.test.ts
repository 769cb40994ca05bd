import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { shiftedDemo } from '../../../test/shifted-demo.ts';
import { openAccountReader } from '../../ingest/read.ts';
import { dropConsumedFetchPages } from '../../jobs/fetch/fetch-page-retention.ts';
import { openSqliteStore } from '../../store/dialects/sqlite.ts';
import type { Store } from '../../store/store.ts';
import { resolveAppOptions } from '../http/app-options.ts';
import { EXAMPLE_FOLLOWERS, EXAMPLE_PROFILE, saveBundledExample } from '../http/bundled-example.ts';
import { createApp } from '../http/create-app.tsx';
import { auditIntoStore } from '../http/upload/audit-into-store.ts';
import { escapeHtml } from '../report/html/html-escape.ts';
import { kindShareWords } from '../report/words/kind-share-words.ts';
import { formatCount } from '../report/words/report-numbers.ts';
import { DASHBOARD_CSP } from './page-layout.tsx';
import { SESSION_COOKIE } from './session.ts';

const ORIGIN = 'http://localhost';
const EXAMPLE_PROFILE_HANDLE = 'lumen_roasters';

const dir = mkdtempSync(join(tmpdir(), 'realreach-http-'));
let store: Store;
let app: ReturnType<typeof createApp>;
let token: string;
let exampleId: number;
let realFollowers: number;
/** An audit of the demo with its handles cut short, where the shift test fires. */
let shiftedId: number;
let shiftedReading: number;
let cookie: string;

before(async () => {
  store = await openSqliteStore(join(dir, 'realreach.db'));
  token = (await store.createToken('browser')).token;
  const saved = await saveBundledExample(resolveAppOptions({ store }));
  exampleId = saved.id;
  realFollowers = saved.report.realFollowers.estimate;
  let profile: Parameters<typeof auditIntoStore>[1]['profile'];
  for await (const item of await openAccountReader(EXAMPLE_PROFILE)) if (item.ok) profile ??= item.account;
  const shifted = await auditIntoStore(resolveAppOptions({ store }), {
    followers: await openAccountReader(await shiftedDemo()),
    name: 'shifted-demo.jsonl',
    profile,
    options: {},
  });
  shiftedId = shifted.id;
  shiftedReading = shifted.report.realFollowers.estimate;
  app = createApp({ store, log: () => {} });
  cookie = await signIn(app, token);
});

/** Signs in through the form and gives back the session cookie as a Cookie header value. */
async function signIn(
  target: ReturnType<typeof createApp>,
  value: string,
  headers: Record<string, string> = {},
) {
  const response = await target.request('/sign-in', {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ token: value, next: '/audits' }),
  });
  assert.equal(response.status, 303, await response.clone().text());
  const setCookie = response.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0] as string;
}

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function signInForm(value: string, next = '/audits') {
  return new URLSearchParams({ token: value, next });
}

function page(path: string, init: RequestInit = {}) {
  return app.request(path, {
    ...init,
    headers: { Cookie: cookie, ...(init.headers as Record<string, string>) },
  });
}

describe('dashboard compare page', () => {
  it('offers each profile with a saved audit once, and none known only from a history or a campaign link', async () => {
    await store.addSnapshot({
      platform: 'mastodon',
      profileId: '110000000',
      handle: 'alice@mastodon.example',
      observedAt: new Date('2026-11-01T00:00:00Z'),
      followersCount: 300,
      source: 'watch',
    });
    const campaign = await store.value.createCampaign({
      name: 'C',
      brand: null,
      startsOn: null,
      endsOn: null,
      cost: { minor: 100, currency: 'EUR' },
      profiles: [],
    });
    // A link by handle stores a second, handle-only record of the audited example profile.
    await store.value.createLink({
      campaignId: campaign.id,
      profile: { platform: 'x', id: null, handle: EXAMPLE_PROFILE_HANDLE },
      target: 'https://shop.example/',
    });
    const html = await (await page('/compare')).text();
    assert.equal(html.match(/name="c"/g)?.length, 1, 'one checkbox: the audited example');
    assert.match(html, new RegExp(`value="x:${EXAMPLE_PROFILE_HANDLE}"`));
    assert.doesNotMatch(html, /alice@mastodon\.example/);
  });
});

describe('dashboard followers download', () => {
  it('gives every follower a profile_url a person can open', async () => {
    const response = await app.request(`/audits/${exampleId}/followers.csv`, { headers: { Cookie: cookie } });
    assert.equal(response.status, 200);
    const [header, ...rows] = parse(await response.text()) as string[][];
    const column = header?.indexOf('profile_url') ?? -1;
    assert.ok(column > 0, `a profile_url column in ${header?.join(',')}`);
    assert.equal(rows.length, 2500);
    for (const row of rows) {
      const handle = row[header?.indexOf('handle') ?? -1];
      assert.equal(row[column], `https://x.com/${handle}`);
    }
  });
});

describe('dashboard sign-in', () => {
  it('sends a browser without a session to the sign-in page, remembering where it was going', async () => {
    for (const path of ['/audits', `/audits/${exampleId}`, '/profiles/x/990000000001', '/upload', '/']) {
      const response = await app.request(path);
      assert.equal(response.status, 303, path);
      assert.equal(response.headers.get('location'), `/sign-in?next=${encodeURIComponent(path)}`);
    }
    const upload = await app.request('/upload', { method: 'POST', headers: { Origin: ORIGIN } });
    assert.equal(upload.status, 303);
    const wrongCookie = await app.request('/audits', { headers: { Cookie: `${SESSION_COOKIE}=rr_nope` } });
    assert.equal(wrongCookie.status, 303);
    assert.match(wrongCookie.headers.get('set-cookie') ?? '', new RegExp(`${SESSION_COOKIE}=;`));
  });

  it('shows the sign-in form with a content security policy and no data', async () => {
    const response = await app.request('/sign-in?next=/audits');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-security-policy'), DASHBOARD_CSP);
    const html = await response.text();
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /name="token"/);
    assert.doesNotMatch(html, /lumen_roasters/);
    // An empty icon in the page (the CSP allows data: images): no browser asks for /favicon.ico, a 404 on every page.
    assert.match(html, /<link rel="icon" href="data:,"\/>/);
  });

  it('refuses a wrong token with 401 and a form posted from another site with 403', async () => {
    const wrong = await app.request('/sign-in', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: signInForm('rr_wrong'),
    });
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /That token is unknown or revoked/);
    assert.equal(wrong.headers.get('set-cookie'), null);
    const foreign = await app.request('/sign-in', {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: signInForm(token),
    });
    assert.equal(foreign.status, 403);
  });

  it('signs in with a live token: an HttpOnly, SameSite=Strict cookie, back to a local page only', async () => {
    const response = await app.request('/sign-in', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: signInForm(token, `/audits/${exampleId}`),
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), `/audits/${exampleId}`);
    const setCookie = response.headers.get('set-cookie') ?? '';
    assert.match(setCookie, new RegExp(`^${SESSION_COOKIE}=rs_[A-Za-z0-9_-]{43};`));
    assert.ok(!setCookie.includes(token), 'the cookie never holds the API token');
    assert.match(setCookie, /Max-Age=43200/);
    assert.doesNotMatch(setCookie, /Secure/, 'plain http without --trust-proxy');
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, /Path=\//);
    const elsewhereNexts = [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      // Issue 11: a tab, a slash or a backslash percent-encoded, and raw CR/LF (which gave 500).
      '/%09/evil.example',
      '/%2F/evil.example',
      '/%5Cevil.example',
      '/audits\r\nSet-Cookie: x=1',
      '/\t/evil.example',
    ];
    for (const next of elsewhereNexts) {
      const elsewhere = await app.request('/sign-in', {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: signInForm(token, next),
      });
      assert.equal(elsewhere.status, 303, next);
      assert.equal(elsewhere.headers.get('location'), '/audits', next);
    }
    const signInPage = await app.request(`/sign-in?next=${encodeURIComponent('/%09/evil.example')}`);
    assert.equal(signInPage.status, 200);
    assert.doesNotMatch(await signInPage.text(), /evil\.example/);
  });

  it('signs out by clearing the cookie, and a revoked token ends the session', async () => {
    const out = await app.request('/sign-out', {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: await signIn(app, token) },
    });
    assert.equal(out.status, 303);
    assert.match(out.headers.get('set-cookie') ?? '', new RegExp(`${SESSION_COOKIE}=;.*Max-Age=0`));
    const revoked = await store.createToken('to revoke');
    const revokedSession = await signIn(app, revoked.token);
    await store.revokeToken(revoked.id);
    const response = await app.request('/audits', { headers: { Cookie: revokedSession } });
    assert.equal(response.status, 303);
  });

  it('ends the session on the server at sign-out: a copied cookie stops working, and never works as a bearer token (issue 11)', async () => {
    const session = await signIn(app, token);
    assert.equal((await app.request('/audits', { headers: { Cookie: session } })).status, 200);
    const secret = session.split('=')[1] as string;
    const asBearer = await app.request('/api/v1/audits', { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(asBearer.status, 401);
    const out = await app.request('/sign-out', {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: session },
    });
    assert.equal(out.status, 303);
    const copied = await app.request('/audits', { headers: { Cookie: session } });
    assert.equal(copied.status, 303);
    assert.match(copied.headers.get('location') ?? '', /^\/sign-in/);
  });

  it('expires sessions on the server after their lifetime (issue 11)', async () => {
    const shortLived = createApp({ store, log: () => {}, sessionLifetimeMs: 300 });
    const session = await signIn(shortLived, token);
    assert.equal((await shortLived.request('/audits', { headers: { Cookie: session } })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal((await shortLived.request('/audits', { headers: { Cookie: session } })).status, 303);
  });

  it('sets a Secure cookie behind a trusted TLS proxy only (--trust-proxy) (issue 11)', async () => {
    const forwarded = { 'X-Forwarded-Proto': 'https' };
    const proxied = createApp({ store, log: () => {}, trustProxy: true });
    const response = await proxied.request('/sign-in', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', ...forwarded },
      body: signInForm(token),
    });
    assert.match(response.headers.get('set-cookie') ?? '', /Secure/);
    const untrusted = await app.request('/sign-in', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', ...forwarded },
      body: signInForm(token),
    });
    assert.doesNotMatch(untrusted.headers.get('set-cookie') ?? '', /Secure/);
  });

  it('throttles repeated failed sign-ins and refused API tokens with 429 and Retry-After (issue 11)', async () => {
    const guarded = createApp({ store, log: () => {} });
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const wrong = await guarded.request('/sign-in', {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: signInForm(`rr_wrong${attempt}`),
      });
      assert.equal(wrong.status, 401);
    }
    const blocked = await guarded.request('/sign-in', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: signInForm(token),
    });
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) >= 1);
    const api = await guarded.request('/api/v1/audits', { headers: { Authorization: 'Bearer rr_wrong' } });
    assert.equal(api.status, 429);
    assert.equal(api.headers.get('content-type'), 'application/problem+json');
  });
});

describe('dashboard pages', () => {
  it('lists the audits with links to each and to its profile', async () => {
    const response = await page('/audits');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, new RegExp(`href="/audits/${exampleId}"`));
    assert.match(html, /href="\/profiles\/x\/990000000001">@lumen_roasters on x</);
    // the bundled example does not fire the shift test: its point first, the interval beside it
    const audit = await store.getAudit(exampleId);
    assert.ok(audit);
    assert.equal(audit.report.domainShift.large, false);
    const point = audit.report.realFollowers;
    assert.ok(
      html.includes(
        `<td class="num" data-label="Real followers (95 % CI)">${formatCount(point.estimate)} (${formatCount(point.low)}–${formatCount(point.high)})</td>`,
      ),
      html,
    );
    // an audience that fires it: its range first, its reading marked
    const shifted = await store.getAudit(shiftedId);
    assert.ok(shifted);
    assert.equal(shifted.report.domainShift.large, true);
    const { estimate, low, high } = shifted.report.realFollowers;
    assert.ok(
      html.includes(
        `<td class="num may-be-off" data-label="Real followers (95 % CI)">${formatCount(low)}–${formatCount(high)}<span class="reading">reads ${formatCount(estimate)} <span class="badge off">may be off</span></span></td>`,
      ),
      html,
    );
  });

  it('shows an audit: headline, real followers with interval, the charts, flags and suspicious followers', async () => {
    const response = await page(`/audits/${exampleId}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const html = await response.text();
    const audit = await store.getAudit(exampleId);
    assert.ok(audit);
    const escaped = escapeHtml(audit.report.headline);
    assert.ok(html.includes(escaped), `the headline's statistics are on the page: ${escaped}`);
    const kinds = kindShareWords(audit.report);
    assert.ok(kinds !== null, 'the bundled example is audited with the x kind models');
    assert.ok(
      html.includes(`<p class="note" id="kind-shares">By kind: ${escapeHtml(kinds)}</p>`),
      'the kinds',
    );
    // The bundled example does not fire the shift test: the point is the big number, no reading marked.
    assert.equal(audit.report.domainShift.large, false);
    assert.match(html, new RegExp(`<div class="value">${formatCount(realFollowers)}</div>`));
    assert.doesNotMatch(html, /may-be-off|badge off|id="domain-shift"/);
    // An audience that fires it: the range is the big number, the model's reading marked beneath.
    const shifted = await store.getAudit(shiftedId);
    assert.ok(shifted);
    assert.equal(shifted.report.domainShift.large, true);
    const shiftedHtml = await (await page(`/audits/${shiftedId}`)).text();
    const { low, high } = shifted.report.realFollowers;
    assert.match(
      shiftedHtml,
      new RegExp(
        `<div class="stat may-be-off" id="real-followers">.*?<div class="value">${formatCount(low)}–${formatCount(high)}</div><div class="ci reading">the model reads <span class="nowrap">${formatCount(shiftedReading)}</span> <span class="badge off">may be off</span>`,
      ),
    );
    assert.doesNotMatch(shiftedHtml, new RegExp(`<div class="value">${formatCount(shiftedReading)}</div>`));
    // Its warning leads with its point and links to the review page, the statistics one click below — the
    // statistical headline first among them, not repeated beneath the h1 and the warning.
    assert.match(
      shiftedHtml,
      new RegExp(
        `<li class="flag-alert" id="domain-shift"><p class="point">Trust the range, not the single figure: these followers do not look like the accounts the model was trained on, so its reading may be off\\. <a href="/audits/${shiftedId}/review">Verify it with a labelled sample</a>\\.</p><details><summary>Why: the statistics</summary><p class="headline">`,
      ),
    );
    assert.ok(shiftedHtml.includes(`<p class="headline">${escapeHtml(shifted.report.headline)}.</p>`));
    assert.ok(
      shiftedHtml.includes(
        `<p class="sub" id="headline-details">${formatCount(shifted.report.followersRead)} followers (every follower) scored by the x model.</p>`,
      ),
      'the line beneath the warning no longer repeats the headline',
    );
    assert.match(html, /data-chart="histogram"/);
    assert.match(html, /src="\/assets\/uplot\.iife\.min\.js\?v=[0-9a-f]{12}"/);
    assert.equal(
      (html.match(/<svg class="chart share-bars"/g) ?? []).length,
      2,
      'audience types and reachability',
    );
    assert.match(html, /<svg class="chart score-bar"/);
    assert.match(html, /id="red-flags"/);
    assert.match(html, /id="most-suspicious"/);
    assert.match(html, /<ol><li>/, 'the most suspicious followers have reasons');
  });

  it('puts a platform mismatch at the top of the audit page, before the numbers', async () => {
    const audit = await store.getAudit(exampleId);
    assert.ok(audit);
    const message = 'the profile is on mastodon but its followers were read as x accounts';
    const id = await store.saveAudit(
      {
        ...audit.report,
        redFlags: [{ code: 'platform-mismatch', severity: 'alert', message }],
      },
      [],
    );
    const html = await (await page(`/audits/${id}`)).text();
    assert.match(html, new RegExp(`id="platform-mismatch">Check the upload: ${message}`));
    assert.doesNotMatch(await (await page(`/audits/${exampleId}`)).text(), /id="platform-mismatch"/);
  });

  it('names the rejected records (file, line, field) in the audit page method, as the red flag asks', async () => {
    const audit = await store.getAudit(exampleId);
    assert.ok(audit);
    const rejected = ['qa-bad.csv:4: followersCount: expected a count (a whole number >= 0), got "lots"'];
    const id = await store.saveAudit(
      {
        ...audit.report,
        input: { ...audit.report.input, read: 2501, rejected: 1, rejectedExamples: rejected },
      },
      [],
    );
    const html = await (await page(`/audits/${id}`)).text();
    assert.ok(html.includes(`<dt>Rejected</dt><dd>${escapeHtml(rejected[0] as string)}</dd>`), html);
    assert.doesNotMatch(await (await page(`/audits/${exampleId}`)).text(), /<dt>Rejected<\/dt>/);
  });

  it('says at the top of the audit page when the followers are too few for the shift test to check', async () => {
    const audit = await store.getAudit(exampleId);
    assert.ok(audit);
    const note =
      'The shift test did not fire, but 30 followers are too few to check that they look like the accounts';
    const id = await store.saveAudit(
      { ...audit.report, domainShift: { unlikeShare: 0, large: false, tooFewToCheck: true, note } },
      [],
    );
    const html = await (await page(`/audits/${id}`)).text();
    assert.match(
      html,
      new RegExp(
        `class="flag-warning" id="too-few-to-check"><p class="point">The figure holds only if the model fits these followers, and [\\d,]+ followers are too few to check that\\. <a href="/audits/${id}/review">Verify it with a labelled sample</a>\\.</p><details><summary>Why: the statistics</summary><p>${note}`,
      ),
    );
    // not shifted: the point leads again
    assert.match(html, new RegExp(`<div class="value">${formatCount(realFollowers)}</div>`));
    assert.doesNotMatch(await (await page(`/audits/${exampleId}`)).text(), /id="too-few-to-check"/);
  });

  it('shows a profile with its follower-count history chart and its audits', async () => {
    const response = await page('/profiles/x/990000000001');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /data-chart="history"/);
    assert.match(html, /2,500/);
    assert.match(html, new RegExp(`href="/audits/${exampleId}"`));
    assert.equal((await page('/profiles/x/@lumen_roasters')).status, 200);
  });

  it('shows a fetch job with its followers download, and once its pages are dropped, when and how much', async () => {
    const id = await store.fetchJobs.createFetchJob({
      owner: 'browser',
      profileRef: '@alice@dashboard.example',
      platform: 'mastodon',
    });
    const followers = gzipSync('{"id":"1"}\n{"id":"2"}\n');
    await store.fetchJobs.saveFetchPage(
      id,
      0,
      { followers, count: 2, withheld: 0, rejected: [], next: undefined },
      true,
    );
    await store.fetchJobs.setFetchJobState(id, 'done', ['queued']);
    const kept = await (await page(`/fetches/${id}`)).text();
    assert.match(kept, new RegExp(`href="/api/v1/fetches/${id}/followers"`));
    assert.doesNotMatch(kept, /data-pages-dropped/);

    await dropConsumedFetchPages(store, 0, new Date(Date.now() + 1000));
    const dropped = await (await page(`/fetches/${id}`)).text();
    assert.doesNotMatch(dropped, new RegExp(`href="/api/v1/fetches/${id}/followers"`));
    assert.match(
      dropped,
      new RegExp(
        `data-pages-dropped="true">Its followers were dropped on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(${followers.length} B gzipped\\)`,
      ),
    );
    assert.match(dropped, /2 followers fetched, 1 page/);
  });

  it('answers unknown and malformed ids with 404 and 400 pages, unknown pages with 404', async () => {
    const missing = await page('/audits/99999');
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /There is no audit #99999/);
    assert.equal((await page('/audits/abc')).status, 400);
    assert.equal((await page('/profiles/x/nobody')).status, 404);
    assert.equal((await page('/profiles/myspace/1')).status, 400);
    assert.equal((await page('/no-such-page')).status, 404);
  });

  it('uploads a follower file with its profile, shows the job progress, then the new audit', async () => {
    const form = new FormData();
    form.set('model', '');
    form.set('sample', '');
    form.set('profile', new Blob([readFileSync(EXAMPLE_PROFILE)]), 'profile.json');
    const lines = readFileSync(EXAMPLE_FOLLOWERS, 'utf8').split('\n').slice(0, 200).join('\n');
    form.set('followers', new Blob([lines]), 'followers.jsonl');
    const response = await page('/upload', { method: 'POST', headers: { Origin: ORIGIN }, body: form });
    assert.equal(response.status, 303, await response.clone().text());
    const jobPage = response.headers.get('location') ?? '';
    assert.match(jobPage, /^\/jobs\/\d+$/);
    const html = await (await page(jobPage)).text();
    assert.match(html, /<progress max="200"/);
    let progress: {
      state: string;
      auditPath: string | null;
      progress: { scored: number; total: number; shardsDone: number; shards: number };
    };
    do {
      await delay(20);
      progress = (await (await page(`${jobPage}/progress`)).json()) as typeof progress;
    } while (progress.state === 'queued' || progress.state === 'running');
    assert.equal(progress.state, 'done');
    assert.deepEqual(progress.progress, { scored: 200, total: 200, shardsDone: 1, shards: 1 });
    const id = Number(/^\/audits\/(\d+)$/.exec(progress.auditPath ?? '')?.[1]);
    assert.match(await (await page(jobPage)).text(), new RegExp(`href="/audits/${id}"`));
    assert.match(await (await page('/jobs')).text(), new RegExp(`href="${jobPage}"`));
    const audit = await store.getAudit(id);
    assert.equal(audit?.report.followersRead, 200);
    assert.equal(audit?.report.input.file, 'followers.jsonl');
  });

  it('shows the upload form again with the problem when the file cannot be audited', async () => {
    const form = new FormData();
    form.set('followers', new Blob(['hello\nworld\n']), 'notes.txt');
    const response = await page('/upload', { method: 'POST', headers: { Origin: ORIGIN }, body: form });
    assert.equal(response.status, 422);
    const html = await response.text();
    assert.match(html, /role="alert">notes\.txt: /);
    assert.match(html, /enctype="multipart\/form-data"/);
  });

  it('offers the format and columns fields the advice names, and audits a CSV through a column map', async () => {
    const empty = await page('/upload');
    const html = await empty.text();
    assert.match(html, /<select id="format" name="format">/);
    assert.match(html, /<option value="realreach-csv">/);
    assert.match(html, /<input id="columns" name="columns"/);
    const csv = ['user,fans,follows,tweets', 'ana_k,120,80,400', 'zz81723,2,4100,1'].join('\n');
    const unknown = new FormData();
    unknown.set('followers', new Blob([csv]), 'scraped.csv');
    const refused = await page('/upload', { method: 'POST', headers: { Origin: ORIGIN }, body: unknown });
    assert.equal(refused.status, 422);
    const advice = await refused.text();
    assert.match(advice, /the format option/);
    assert.match(advice, /the columns option/);
    assert.match(advice, /<label for="columns">/, 'the fields the advice names are on the same page');
    const mapped = new FormData();
    mapped.set('followers', new Blob([csv]), 'scraped.csv');
    mapped.set('format', '');
    mapped.set('columns', 'handle=user,followersCount=fans,followingCount=follows,postsCount=tweets');
    const response = await page('/upload', { method: 'POST', headers: { Origin: ORIGIN }, body: mapped });
    assert.equal(response.status, 303, await response.clone().text());
    assert.match(response.headers.get('location') ?? '', /^\/jobs\/\d+$/);
  });

  it('serves uPlot and the stylesheets from this server, cached by version', async () => {
    const script = await app.request('/assets/uplot.iife.min.js');
    assert.equal(script.status, 200);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(script.headers.get('cache-control') ?? '', /immutable/);
    assert.match(await script.text(), /uPlot/);
    assert.equal((await app.request('/assets/uplot.min.css')).status, 200);
    assert.equal((await app.request('/assets/report.css')).status, 200);
    assert.equal((await app.request('/assets/nothing.js')).status, 404);
  });
});
