// Campaigns end to end with the shipped CLI and server: a campaign and its links from the CLI, clicks through the redirect in real Chromium, a lead by the API and a sale by the signed webhook, then the same numbers from the CLI, the API and the dashboard.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';
import { CLI } from '../src/interfaces/cli/_test-cli.ts';
import type { CampaignReportJson } from '../src/interfaces/report/campaign-report-view.ts';
import { signatureHeader } from '../src/value/webhook-signature.ts';
import { CHROMIUM, chromiumSkip } from './chromium-path.ts';
import { after, before, describe, it } from './skippable-tests.ts';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'test-artifacts');
const SECRET = 'whsec_e2e_secret';
const PROFILE = 'x:990000000001';
const run = promisify(execFile);

const skip = chromiumSkip;

const PAINTED_PIXELS = `(canvas) => {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted;
}`;

describe('campaign end to end: CLI, redirect in Chromium, API, webhook, dashboard', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'realreach-value-e2e-'));
  const db = join(dir, 'e2e.db');
  let server: ChildProcess;
  let base: string;
  let token: string;
  let browser: Browser;
  let campaignId: number;
  /** The shop the links send people to: a local server the browser reaches as shop.example. */
  let shop: Server;
  let shopTarget: string;
  let shortUrl: string;
  const clickIds: string[] = [];

  const cli = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, [CLI, ...args, '--db', db], {
      env: { ...process.env, DATABASE_URL: '' },
    });
    return stdout;
  };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
    });

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The shipped server: its first start audits the bundled example (a profile with 2,500 followers) and prints a token.
    server = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', db], {
      env: { ...process.env, DATABASE_URL: '', REALREACH_WEBHOOK_SECRETS: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`serve did not start: ${output}`)), 120_000);
      const read = (chunk: Buffer) => {
        output += chunk;
        const url = /dashboard (http:\/\/\S+?)\/ /.exec(output)?.[1];
        const first = /first API token, shown this once \(only its hash is kept\): (\S+)/.exec(output)?.[1];
        if (url !== undefined && first !== undefined) {
          base = url;
          token = first;
          clearTimeout(timer);
          done();
        }
      };
      server.stdout?.on('data', read);
      server.stderr?.on('data', read);
      server.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${output}`)));
    });
    shop = createServer((_, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<!doctype html><title>shop</title><p>Lumen shop</p>');
    });
    shop.listen(0, '127.0.0.1');
    await once(shop, 'listening');
    shopTarget = `http://shop.example:${(shop.address() as AddressInfo).port}/spring`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--host-resolver-rules=MAP shop.example 127.0.0.1',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    shop?.close();
    if (server?.exitCode === null) {
      const exited = once(server, 'exit');
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a campaign and a tracked link from the CLI', async () => {
    const campaign = JSON.parse(
      await cli(
        'campaign',
        'create',
        'Spring launch',
        '--cost',
        '500',
        '--currency',
        'EUR',
        '--brand',
        'Lumen',
        '--json',
      ),
    );
    campaignId = campaign.id;
    assert.deepEqual(campaign.cost, { amount: 500, currency: 'EUR' });
    const link = JSON.parse(
      await cli(
        'link',
        'create',
        '--campaign',
        String(campaignId),
        '--profile',
        PROFILE,
        '--to',
        `${shopTarget}?ref=rr`,
        '--base-url',
        base,
        '--json',
      ),
    );
    assert.match(link.slug, /^[A-Za-z0-9_-]{8}$/);
    assert.equal(link.url, `${base}/r/${link.slug}`);
    shortUrl = link.url;
    await assert.rejects(
      cli(
        'link',
        'create',
        '--campaign',
        String(campaignId),
        '--profile',
        PROFILE,
        '--to',
        '//evil.example/x',
      ),
      /absolute URL/,
    );
  });

  it('follows the short link in Chromium to the registered target with a click id', async () => {
    // Two people (two browsers), each coming back within the hour, and X's preview fetcher. Headless Chromium
    // says "HeadlessChrome" in its user agent, which isbot rightly calls a bot: each context says what a person's would.
    for (const userAgent of [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    ]) {
      const context = await browser.newContext({ userAgent });
      const page = await context.newPage();
      await page.goto(shortUrl);
      const landed = new URL(page.url());
      assert.equal(`${landed.origin}${landed.pathname}`, shopTarget);
      assert.match((await page.textContent('p')) ?? '', /Lumen shop/);
      assert.equal(landed.searchParams.get('ref'), 'rr');
      clickIds.push(landed.searchParams.get('rr_click') ?? '');
      await page.goto(shortUrl);
      await context.close();
    }
    assert.match(clickIds[0] ?? '', /^[A-Za-z0-9_-]{16}$/);
    const preview = await fetch(shortUrl, {
      redirect: 'manual',
      headers: { 'User-Agent': 'Twitterbot/1.0' },
    });
    assert.equal(preview.status, 302);
  });

  it('takes a lead by the API and a sale by the signed webhook (delivered twice, kept once)', async () => {
    const lead = await api('/api/v1/conversions', {
      method: 'POST',
      body: JSON.stringify({ kind: 'lead', orderId: 'lead-1', clickId: clickIds[0] }),
    });
    assert.equal(lead.status, 201, await lead.clone().text());
    const body = JSON.stringify({
      kind: 'sale',
      orderId: 'order-77',
      clickId: clickIds[1],
      amount: '120.00',
      currency: 'EUR',
    });
    // A shop retrying signs each delivery anew (a new timestamp); the same signed message again would be a replay.
    for (const [expected, age] of [
      [201, 0],
      [200, 7],
    ] as const) {
      const response = await fetch(`${base}/api/v1/webhooks/conversions`, {
        method: 'POST',
        body,
        headers: {
          'Content-Type': 'application/json',
          'Realreach-Signature': signatureHeader([SECRET], Math.floor(Date.now() / 1000) - age, body),
        },
      });
      assert.equal(response.status, expected, await response.clone().text());
    }
  });

  it('reads the same numbers from the CLI, the API and the dashboard', async () => {
    // Hits are written in batches within a second: wait until all five are in.
    let fromApi: CampaignReportJson | undefined;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      fromApi = (await (await api(`/api/v1/campaigns/${campaignId}/report`)).json()) as CampaignReportJson;
      if (fromApi.total.rawHits === 5) break;
      await delay(200);
    }
    assert.ok(fromApi);
    const { total } = fromApi;
    assert.equal(total.rawHits, 5);
    assert.equal(total.humanClicks, 2);
    assert.deepEqual(fromApi.hitReasons, {
      human: 2,
      repeat: 2,
      'head-request': 0,
      prefetch: 0,
      'link-preview': 1,
      'empty-user-agent': 0,
      'bot-user-agent': 0,
    });
    assert.deepEqual(total.conversions, { lead: 1, signup: 0, sale: 1, referral: 0 });
    assert.deepEqual(total.revenue, [{ amount: 120, currency: 'EUR' }]);
    assert.equal(total.returnOnSpend, 120 / 500);
    assert.equal(total.followers, 2500);
    assert.ok(total.realFollowers !== null && total.realFollowers.low <= total.realFollowers.estimate);
    assert.ok(total.costPerRealFollower !== null);
    assert.equal(total.costPerRealFollower.estimate, 500 / (total.realFollowers?.estimate ?? 1));

    const fromCli = JSON.parse(
      await cli('campaign', 'report', String(campaignId), '--format', 'json'),
    ) as CampaignReportJson;
    assert.deepEqual(fromCli, fromApi);
    const text = await cli('campaign', 'report', String(campaignId));
    const allProfiles = text.split('\n\n')[1] ?? '';
    const cliFigures = new Map(
      allProfiles
        .split('\n')
        .slice(1)
        .map((line) => {
          const match = /^ {2}(.+?) {2,}(.+)$/.exec(line);
          return [match?.[1]?.trim() ?? '', match?.[2] ?? ''] as const;
        }),
    );

    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/sign-in`);
    await page.fill('#token', token);
    await Promise.all([page.waitForURL(`${base}/audits`), page.click('form[action="/sign-in"] button')]);
    await page.click('a[href="/campaigns"]');
    await Promise.all([
      page.waitForURL(`${base}/campaigns/${campaignId}`),
      page.click(`a[href="/campaigns/${campaignId}"]`),
    ]);
    const rows = await page
      .locator('#campaign-figures tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.querySelector('th')?.textContent ?? '',
          tr.querySelector('td')?.textContent ?? '',
        ]),
      );
    assert.ok(rows.length >= 10);
    for (const [label, value] of rows)
      assert.equal(value, cliFigures.get(label), `dashboard and CLI differ on ${label}`);
    assert.equal(await page.locator('#stat-human-clicks .value').textContent(), '2');
    assert.equal(await page.locator('#stat-return .value').textContent(), '0.24×');
    await page.waitForSelector('#campaign-daily canvas');
    const painted = Number(
      await page.evaluate(`(${PAINTED_PIXELS})(document.querySelector('#campaign-daily canvas'))`),
    );
    assert.ok(painted > 500, `the daily chart is drawn (${painted} painted pixels)`);
    await page.screenshot({ path: join(ARTIFACTS, 'campaign-page.png'), fullPage: true });
    const csv = await page.request.get(`${base}/campaigns/${campaignId}/report.csv`);
    assert.match(await csv.text(), /^scope,platform,profile_id/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('records a conversion and imports a CSV from the dashboard, bad rows named and good ones kept', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.fill('#token', token);
    await Promise.all([page.waitForURL(`${base}/audits`), page.click('form[action="/sign-in"] button')]);
    await page.goto(`${base}/campaigns/${campaignId}`);
    await page.selectOption('#kind', 'referral');
    await page.fill('#order-id', 'ref-1');
    await page.fill('#code', 'LUMEN10');
    await page.click(`form[action="/campaigns/${campaignId}/conversions"] button`);
    assert.match(
      (await page.locator('[role="status"]').textContent()) ?? '',
      /Kept: referral, shop id ref-1/,
    );
    const csv = join(dir, 'shop-export.csv');
    writeFileSync(csv, 'kind,order_id,amount,currency\nsale,csv-1,30,EUR\nsale,csv-2,thirty,EUR\n');
    await page.setInputFiles('#conversions-csv', csv);
    await page.click(`form[action="/campaigns/${campaignId}/conversions/import"] button`);
    const notice = (await page.locator('[role="status"]').textContent()) ?? '';
    assert.match(notice, /2 rows read, 1 stored, 0 already kept, 1 refused/);
    assert.match(notice, /shop-export\.csv:3: amount/);
    const report = (await (await api(`/api/v1/campaigns/${campaignId}/report`)).json()) as CampaignReportJson;
    assert.equal(report.unattributed.count, 2, 'no click id: kept, unattributed');
    assert.deepEqual(report.unattributed.byKind, { lead: 0, signup: 0, sale: 1, referral: 1 });
    await page.screenshot({ path: join(ARTIFACTS, 'campaign-conversions.png'), fullPage: true });
    await context.close();
  });
});
