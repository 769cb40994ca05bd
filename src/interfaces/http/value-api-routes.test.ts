import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../store/dialects/sqlite.ts';
import type { Store } from '../../store/store.ts';
import { signatureHeader } from '../../value/webhook-signature.ts';
import { createApp } from './create-app.tsx';
import { PROBLEM_CONTENT_TYPE, problemSchema } from './problem.ts';
import { HitRecorder } from './redirect/hit-recorder.ts';

const SECRETS = ['whsec_new', 'whsec_old'];
const CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const dir = mkdtempSync(join(tmpdir(), 'realreach-value-api-'));
let store: Store;
let hits: HitRecorder;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;
let campaignId: number;
let slug: string;

before(async () => {
  store = await openSqliteStore(join(dir, 'value.db'));
  auth = { Authorization: `Bearer ${(await store.createToken('test')).token}` };
  hits = new HitRecorder(store.value, { maxDelayMs: 10_000 });
  app = createApp({ store, hits, webhookSecrets: SECRETS, log: () => {} });
});

after(async () => {
  await hits.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(path: string, body: unknown, headers: Record<string, string> = auth) {
  return app.request(path, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

async function assertProblem(response: Response, status: number, detail: RegExp) {
  assert.equal(response.status, status, await response.clone().text());
  assert.equal(response.headers.get('content-type'), PROBLEM_CONTENT_TYPE);
  const problem = problemSchema.parse(await response.json());
  assert.match(problem.detail, detail);
  // The status's own name (RFC 9110), never a generic 'Error': a 409 replay is a Conflict.
  const rfc9110 = { 413: 'Content Too Large', 422: 'Unprocessable Content' } as Record<number, string>;
  assert.equal(problem.title, rfc9110[status] ?? STATUS_CODES[status]);
}

function click(path: string, headers: Record<string, string> = {}, method = 'GET', ip = '203.0.113.7') {
  return app.request(
    path,
    { method, headers: { 'User-Agent': CHROME, ...headers } },
    { incoming: { socket: { remoteAddress: ip } } },
  );
}

describe('campaign API', () => {
  it('refuses every write and read without a token', async () => {
    await assertProblem(await post('/api/v1/campaigns', { name: 'x' }, {}), 401, /needs a token/);
    await assertProblem(await post('/api/v1/conversions', { kind: 'lead' }, {}), 401, /needs a token/);
    await assertProblem(await post('/api/v1/campaigns/1/links', {}, {}), 401, /needs a token/);
    await assertProblem(await app.request('/api/v1/campaigns/1/report'), 401, /needs a token/);
    await assertProblem(
      await post('/api/v1/campaigns', { name: 'x' }, { Authorization: 'Bearer rr_nope' }),
      401,
      /unknown/,
    );
  });

  it('creates a campaign and a link, and refuses targets that are not absolute http(s) URLs', async () => {
    const created = await post('/api/v1/campaigns', {
      name: 'Spring',
      cost: { amount: '1000', currency: 'eur' },
      profiles: [{ profile: { platform: 'x', handle: 'ana' }, cost: 600 }],
    });
    assert.equal(created.status, 201);
    const campaign = (await created.json()) as { id: number; cost: { amount: number; currency: string } };
    assert.deepEqual(campaign.cost, { amount: 1000, currency: 'EUR' });
    campaignId = campaign.id;
    for (const to of [
      '/x',
      '//evil.example',
      'evil.example',
      'javascript:alert(1)',
      'https:%2F%2Fevil.example',
    ])
      await assertProblem(
        await post(`/api/v1/campaigns/${campaignId}/links`, {
          profile: { platform: 'x', handle: 'ana' },
          to,
        }),
        400,
        /invalid to/,
      );
    const link = await post(`/api/v1/campaigns/${campaignId}/links`, {
      profile: { platform: 'x', handle: 'ana' },
      to: 'https://shop.example/spring?utm=rr#buy',
    });
    assert.equal(link.status, 201);
    const json = (await link.json()) as { slug: string; url: string };
    slug = json.slug;
    assert.equal(json.url, `http://localhost/r/${slug}`);
    await assertProblem(
      await post('/api/v1/campaigns', { name: 'x', cost: { amount: 1, currency: 'XYZ1' } }),
      400,
      /currency/,
    );
  });
});

describe('redirect', () => {
  it('sends 302 to the registered target with a click id, whatever the request carries', async () => {
    const response = await click(`/r/${slug}?to=https://evil.example&url=//evil.example`, {
      Referer: 'https://mastodon.social/@ana/1234',
      Host: 'evil.example',
    });
    assert.equal(response.status, 302);
    assert.match(
      response.headers.get('location') ?? '',
      /^https:\/\/shop\.example\/spring\?utm=rr&rr_click=[A-Za-z0-9_-]{16}#buy$/,
    );
    const head = await click(`/r/${slug}`, {}, 'HEAD');
    assert.equal(head.status, 302);
    assert.match(head.headers.get('location') ?? '', /^https:\/\/shop\.example\//);
  });

  it('answers 404 to unknown, encoded, dotted and nested slugs, never a redirect', async () => {
    for (const path of [
      '/r/nosuchslug',
      '/r/%2F%2Fevil.example',
      '/r/..%2F..%2Fapi',
      `/r/${slug}/https://evil.example`,
      `/r/${slug}%2F%2Fevil.example`,
      '/r/https:%2F%2Fevil.example',
      '/r/%68ttps://evil.example',
      '/r/ab',
    ]) {
      const response = await click(path);
      assert.equal(response.status, 404, path);
      assert.equal(response.headers.get('location'), null, path);
    }
  });

  it('stores every hit with its verdict and a visitor key, never the IP or the referrer path', async () => {
    await click(`/r/${slug}`, { 'User-Agent': 'Twitterbot/1.0' });
    await click(`/r/${slug}`, { 'Sec-Purpose': 'prefetch' });
    await click(`/r/${slug}`, { 'User-Agent': '' });
    await hits.flush();
    const activity = await store.value.campaignActivity(campaignId);
    const reasons = Object.fromEntries((activity?.hitCounts ?? []).map((row) => [row.reason, row.count]));
    assert.deepEqual(reasons, {
      human: 1,
      'head-request': 1,
      'link-preview': 1,
      prefetch: 1,
      'empty-user-agent': 1,
    });
    // Every byte of the database and its write-ahead log: the IP and the referrer's path are nowhere.
    const bytes = Buffer.concat(
      ['value.db', 'value.db-wal']
        .filter((name) => existsSync(join(dir, name)))
        .map((name) => readFileSync(join(dir, name))),
    );
    assert.ok(bytes.includes('mastodon.social'), 'the referrer host is kept');
    assert.ok(!bytes.includes('203.0.113.7'), 'the IP is not stored');
    assert.ok(!bytes.includes('@ana/1234'), 'the referrer path is not stored');
  });
});

describe('conversions', () => {
  it('takes a conversion with a token, once per order id', async () => {
    const body = { kind: 'sale', campaign: campaignId, orderId: 'A-1', amount: '49.90', currency: 'EUR' };
    const first = await post('/api/v1/conversions', body);
    assert.equal(first.status, 201);
    const again = await post('/api/v1/conversions', body);
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { duplicate: boolean }).duplicate, true);
    await assertProblem(
      await post('/api/v1/conversions', { kind: 'sale', campaign: campaignId }),
      422,
      /amount/,
    );
    await assertProblem(await post('/api/v1/conversions', { kind: 'gift' }), 422, /kind/);
    await assertProblem(
      await post('/api/v1/conversions', { kind: 'lead', campaign: 999 }),
      422,
      /no campaign/,
    );
  });
});

describe('signed conversion webhook', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const send = (body: string, header: string | undefined) =>
    app.request('/api/v1/webhooks/conversions', {
      method: 'POST',
      body,
      headers: {
        'Content-Type': 'application/json',
        ...(header === undefined ? {} : { 'Realreach-Signature': header }),
      },
    });

  it('refuses a wrong signature, an old timestamp, a missing header and a replay with problem+json', async () => {
    const body = JSON.stringify({ kind: 'lead', campaign: campaignId, orderId: 'L-1' });
    await assertProblem(
      await send(body, signatureHeader(['whsec_wrong'], now(), body)),
      401,
      /no signature matches/,
    );
    await assertProblem(await send(body, signatureHeader(['whsec_new'], now() - 301, body)), 401, /old/);
    await assertProblem(await send(body, undefined), 401, /header/);
    await assertProblem(
      await send(`${body} `, signatureHeader(['whsec_new'], now(), body)),
      401,
      /no signature matches/,
    );
    const header = signatureHeader(['whsec_old'], now(), body);
    assert.equal((await send(body, header)).status, 201);
    await assertProblem(await send(body, header), 409, /replay/);
  });

  it('stores a good delivery once even when delivered twice (each signed anew)', async () => {
    const body = JSON.stringify({
      kind: 'sale',
      campaign: campaignId,
      orderId: 'W-9',
      amount: 20,
      currency: 'EUR',
    });
    const first = await send(body, signatureHeader(['whsec_new'], now(), body));
    assert.equal(first.status, 201);
    const second = await send(body, signatureHeader(['whsec_new'], now() - 5, body));
    assert.equal(second.status, 200);
    assert.equal(((await second.json()) as { duplicate: boolean }).duplicate, true);
    const activity = await store.value.campaignActivity(campaignId);
    assert.equal(activity?.conversions.filter(({ conversion }) => conversion.externalId === 'W-9').length, 1);
  });

  it('refuses everything when no secret is configured', async () => {
    const bare = createApp({ store, hits, log: () => {} });
    const body = '{"kind":"lead"}';
    const response = await bare.request('/api/v1/webhooks/conversions', {
      method: 'POST',
      body,
      headers: { 'Realreach-Signature': signatureHeader(['whsec_new'], now(), body) },
    });
    await assertProblem(response, 503, /no webhook secret/);
  });
});
