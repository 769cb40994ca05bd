// The growth faces of the dashboard in real Chromium: the audit page's follow-order picture with its bought batch, the profile's history with events marked, and the compare page ranking three profiles.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createApp } from '../src/interfaces/http/create-app.tsx';
import { openSqliteStore } from '../src/store/dialects/sqlite.ts';
import type { Store } from '../src/store/store.ts';
import { CHROMIUM, chromiumSkip } from './chromium-path.ts';
import { after, before, describe, it } from './skippable-tests.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const EXAMPLE = join(ROOT, 'examples', 'growth');
const HANDLES = ['ana_bakes', 'ben_rides', 'cleo_codes'];

const PAINTED_PIXELS = `(canvas) => {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted;
}`;

describe('growth in the dashboard, in Chromium', { skip: chromiumSkip }, () => {
  let dir: string;
  let store: Store;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'realreach-growth-e2e-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    store = await openSqliteStore(join(dir, 'e2e.db'));
    const token = (await store.createToken('e2e')).token;
    const app = createApp({ store, log: () => {} });
    const auth = { Authorization: `Bearer ${token}` };
    const profile = JSON.parse(readFileSync(join(ROOT, 'examples', 'demo-audience', 'profile.json'), 'utf8'));
    const lines = readFileSync(join(EXAMPLE, 'followers.jsonl'), 'utf8').trim().split('\n');
    const truth = JSON.parse(readFileSync(join(EXAMPLE, 'followers-truth.json'), 'utf8'));
    // The first profile twice: the whole example list (newest first, with its bought batch), then re-audited after a
    // purge took the batch away; the others get the example's organic tail.
    const purged = [...lines.slice(0, truth.batch.start - 1), ...lines.slice(truth.batch.end)];
    const uploads = [lines, lines.slice(1_200), lines.slice(1_400), purged];
    for (const [i, list] of uploads.entries()) {
      const handle = HANDLES[i % HANDLES.length] as string;
      const followers = list.map((line) => JSON.parse(line));
      const response = await app.request('/api/v1/audits', {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          profile: {
            ...profile,
            id_str: String(990000000101 + (i % HANDLES.length)),
            screen_name: handle,
            followers_count: 2_000 + 900 * i,
          },
          followers,
          options: { seed: 1, recentIntake: true },
        }),
      });
      // Uploads are audit jobs (202 Accepted): the job is followed until its audit is saved, in order.
      assert.equal(response.status, 202, await response.clone().text());
      const location = response.headers.get('location') ?? '';
      for (;;) {
        const job = (await (await app.request(location, { headers: auth })).json()) as {
          state: string;
          error: string | null;
        };
        assert.ok(['queued', 'running', 'done'].includes(job.state), job.error ?? job.state);
        if (job.state === 'done') break;
        await new Promise((done) => setTimeout(done, 20));
      }
    }
    const imported = await app.request('/api/v1/profiles/x/990000000101/history', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'text/csv' },
      body: readFileSync(join(EXAMPLE, 'history.csv'), 'utf8'),
    });
    assert.equal(imported.status, 201);

    server = createAdaptorServer({ fetch: app.fetch }) as Server;
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // A failed load is caught by the response listener with its address; Chromium's own favicon request (the
    // dashboard has none) is not a page resource and only shows as this console line, so that line is left to it.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${base}/sign-in`);
    await page.fill('#token', token);
    await Promise.all([page.waitForURL(`${base}/audits`), page.click('form[action="/sign-in"] button')]);
  });

  after(async () => {
    await browser?.close();
    server?.close();
    server?.closeAllConnections();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws the follow-order picture on the audit page and lists the bought batch at its positions', async () => {
    await page.goto(`${base}/audits/1`);
    await page.locator('#follow-order-chart canvas').first().waitFor();
    const painted = Number(
      await page.evaluate(`(${PAINTED_PIXELS})(document.querySelector('#follow-order-chart canvas'))`),
    );
    assert.ok(painted > 1_000, `the picture is drawn: ${painted} pixels; ${errors.join(' | ')}`);
    const truth = JSON.parse(readFileSync(join(EXAMPLE, 'followers-truth.json'), 'utf8'));
    const first = (await page.locator('#batches tbody tr td').first().textContent()) ?? '';
    const [start, end] = first.split('–').map((n) => Number(n.replace(/,/g, '')));
    const overlap =
      Math.min(end as number, truth.batch.end) - Math.max(start as number, truth.batch.start) + 1;
    assert.ok(overlap >= 0.9 * truth.batch.size, first);
    await page.locator('#follow-order').screenshot({ path: join(ARTIFACTS, 'growth-follow-order.png') });
    assert.deepEqual(errors, []);
  });

  it("marks the imported history's events on the profile page", async () => {
    await page.goto(`${base}/profiles/x/990000000101`);
    await page.locator('#follower-history canvas').first().waitFor();
    const painted = Number(
      await page.evaluate(`(${PAINTED_PIXELS})(document.querySelector('#follower-history canvas'))`),
    );
    assert.ok(painted > 1_000, `${painted} pixels`);
    const kinds = await page.locator('#history-events tbody tr td:nth-child(2)').allTextContents();
    assert.ok(kinds.includes('spike') && kinds.includes('drop'), kinds.join(', '));
    assert.match(
      (await page.locator('#reaudit').textContent()) ?? '',
      /300 of the 2,000 followers of audit #1 are gone in audit #4; the earlier audit had flagged/,
    );
    await page.locator('#follower-history').screenshot({ path: join(ARTIFACTS, 'growth-history.png') });
    await page.locator('#reaudit').screenshot({ path: join(ARTIFACTS, 'growth-reaudit.png') });
    await page.screenshot({ path: join(ARTIFACTS, 'growth-profile-page.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });

  it('keeps words whole in the tables at phone width: a narrow column scrolls, it is not cut letter by letter', async () => {
    await page.setViewportSize({ width: 390, height: 900 });
    try {
      await page.goto(`${base}/profiles/x/990000000101`);
      // Each word (split at spaces and hyphens, where lines may break) must sit on one line.
      const broken = await page.evaluate(`(() => {
        const broken = [];
        for (const cell of document.querySelectorAll('table.list td, table.list th')) {
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/[^\\s\\-–]+/g)) {
              const range = document.createRange();
              range.setStart(node, match.index);
              range.setEnd(node, match.index + match[0].length);
              const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
              if (lines.size > 1) broken.push(match[0]);
            }
          }
        }
        return broken;
      })()`);
      assert.deepEqual(broken, []);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('ranks three profiles on the compare page from the form, with the formulas and exports', async () => {
    await page.goto(`${base}/compare`);
    for (const handle of HANDLES) await page.check(`input[value="x:${handle}"]`);
    await page.fill('input[name="price:x:ana_bakes"]', '300');
    await page.fill('input[name="price:x:ben_rides"]', '350');
    await page.fill('input[name="price:x:cleo_codes"]', '320');
    await Promise.all([page.waitForURL(/\/compare\?/), page.click('#compare-form button')]);
    const rows = page.locator('#compare-table tbody tr');
    assert.equal(await rows.count(), 3);
    assert.deepEqual(await page.locator('#compare-table tbody tr td:first-child').allTextContents(), [
      '1',
      '2',
      '3',
    ]);
    assert.match(
      (await page.locator('#compare-formulas').textContent()) ?? '',
      /high end of cost per 1,000 real/,
    );
    const csv = await page.request.get(`${base}/compare.csv?${new URL(page.url()).search.slice(1)}`);
    assert.equal((await csv.text()).trim().split('\n').length, 4);
    await page.screenshot({ path: join(ARTIFACTS, 'growth-compare.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });
});
