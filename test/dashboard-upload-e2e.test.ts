// The dashboard's upload form in real Chromium without a profile: the browser's empty part for the unselected file input is no profile (issue 10).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { EXAMPLE_FOLLOWERS } from '../src/interfaces/http/bundled-example.ts';
import { createApp } from '../src/interfaces/http/create-app.tsx';
import { openSqliteStore } from '../src/store/dialects/sqlite.ts';
import type { Store } from '../src/store/store.ts';
import { CHROMIUM, chromiumSkip } from './chromium-path.ts';
import { after, before, describe, it } from './skippable-tests.ts';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'test-artifacts');

const skip = chromiumSkip;

describe('dashboard upload in Chromium', { skip }, () => {
  let dir: string;
  let store: Store;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'realreach-e2e-upload-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    store = await openSqliteStore(join(dir, 'e2e.db'));
    const { token } = await store.createToken('e2e');
    server = createAdaptorServer({ fetch: createApp({ store, log: () => {} }).fetch }) as Server;
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
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

  it('audits a follower file uploaded without a profile, options filled after the file input', async () => {
    await page.goto(`${base}/upload`);
    await page.setInputFiles('#followers', EXAMPLE_FOLLOWERS);
    await page.click('details.options summary');
    await page.fill('#sample', '300');
    await Promise.all([
      page.waitForURL(/\/audits\/\d+$/, { timeout: 60_000 }),
      page.click('form[action="/upload"] button'),
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-upload-without-profile.png') });
    const id = Number(new URL(page.url()).pathname.split('/').at(-1));
    const audit = await store.getAudit(id);
    assert.equal(audit?.report.profile, null);
    assert.equal(audit?.report.followersRead, 300);
  });

  it("shows the reader's own error for an unreadable followers file, not the empty profile's", async () => {
    const garbage = join(dir, 'notes.txt');
    writeFileSync(garbage, 'just some text\nnot followers\n');
    await page.goto(`${base}/upload`);
    await page.setInputFiles('#followers', garbage);
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/upload"] button')]);
    const problem = (await page.locator('[role="alert"]').textContent()) ?? '';
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-upload-unreadable.png') });
    assert.match(problem, /^notes\.txt: /);
    assert.match(problem, /README\.md#input-formats/);
    assert.doesNotMatch(problem, /profile/);
  });
});
