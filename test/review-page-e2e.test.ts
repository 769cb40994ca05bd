// The review page in real Chromium: from a saved audit, label drawn followers one by one with the three buttons, see the progress and the re-estimated audit, at desktop and phone width.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { resolveAppOptions } from '../src/interfaces/http/app-options.ts';
import { saveBundledExample } from '../src/interfaces/http/bundled-example.ts';
import { createApp } from '../src/interfaces/http/create-app.tsx';
import { openSqliteStore } from '../src/store/dialects/sqlite.ts';
import type { Store } from '../src/store/store.ts';
import { CHROMIUM, chromiumSkip } from './chromium-path.ts';
import { after, before, describe, it } from './skippable-tests.ts';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'test-artifacts');
const LABELLED = 12;

describe('review page in Chromium', { skip: chromiumSkip }, () => {
  let dir: string;
  let store: Store;
  let token: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let auditId: number;
  /** The bundled example's own labels, by follower id (it is synthetic and says which followers it made fake). */
  const truth = new Map<string, 'fake' | 'real'>();
  const errors: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'realreach-review-e2e-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    store = await openSqliteStore(join(dir, 'review.db'));
    token = (await store.createToken('review')).token;
    auditId = (await saveBundledExample(resolveAppOptions({ store }))).id;
    const rows = await store.pageFollowers(auditId, { sort: 'pFake desc', limit: 5000 });
    for (const follower of rows?.followers ?? [])
      truth.set(follower.id, follower.label === 'human' ? 'real' : 'fake');
    server = createAdaptorServer({ fetch: createApp({ store }).fetch }) as Server;
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route('**/*', (route) =>
      route.request().url().startsWith(base) ? route.continue() : route.abort(),
    );
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/sign-in`);
    await page.fill('#token', token);
    await Promise.all([page.waitForURL(`${base}/audits`), page.click('form[action="/sign-in"] button')]);
  });

  after(async () => {
    await browser?.close();
    server?.close();
    server?.closeAllConnections();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("is linked from the audit's page and shows the first drawn follower with its profile link", async () => {
    await page.goto(`${base}/audits/${auditId}`);
    await Promise.all([page.waitForURL(/\/review$/), page.click('#review-link')]);
    assert.match((await page.locator('#review-progress').textContent()) ?? '', /0 of 100 labelled/);
    assert.match((await page.getAttribute('#profile-link', 'href')) ?? '', /^https:\/\/x\.com\/\w+$/);
    assert.equal(await page.getAttribute('#profile-link', 'target'), '_blank');
    assert.match((await page.locator('#re-estimate').textContent()) ?? '', /as soon as there is one/);
    const facts = (await page.locator('#profile-facts').textContent()) ?? '';
    for (const term of ['Followers', 'Following', 'Posts', 'Account created', 'Profile picture', 'Bio'])
      assert.ok(facts.includes(term), `the facts show ${term}`);
    assert.ok(await page.locator('#profile-facts').isVisible());
  });

  it('takes a label per button press, shows the progress and re-estimates the audit', async () => {
    for (let i = 0; i < LABELLED; i++) {
      const href = (await page.getAttribute('#profile-link', 'href')) ?? '';
      const handle = href.split('/').at(-1);
      const rows = await store.pageFollowers(auditId, { sort: 'pFake desc', limit: 5000 });
      const follower = rows?.followers.find((row) => row.handle === handle);
      assert.ok(follower, `the drawn follower @${handle} is one of the audit's`);
      const label = i === 0 ? 'unsure' : (truth.get(follower.id) as string);
      await Promise.all([
        page.waitForLoadState('load'),
        page.click(`#current-follower button[value="${label}"]`),
      ]);
    }
    assert.match(
      (await page.locator('#review-progress').textContent()) ?? '',
      new RegExp(`${LABELLED} of 100 labelled`),
    );
    const estimate = (await page.locator('#re-estimate').textContent()) ?? '';
    assert.match(estimate, new RegExp(`checked against ${LABELLED} followers a person labelled`));
    assert.match(estimate, /1 unsure/);
    assert.match(estimate, /Prediction-powered inference/);
    await page.screenshot({ path: join(ARTIFACTS, 'review-desktop.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    assert.equal(overflow, 0, 'no sideways scrolling');
    await page.screenshot({ path: join(ARTIFACTS, 'review-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });
});
