// Opens the HTML report in real Chromium: charts drawn, headline and followers shown, no errors, no network, fits a phone.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { followOrderRow, followOrderView } from '../src/interfaces/follow-order-view.ts';
import { exampleFollowers, exampleReport } from '../src/interfaces/report/fixtures/example-report.ts';
import { renderFollowOrderCard } from '../src/interfaces/report/html/follow-order-svg.ts';
import { renderHtmlReport } from '../src/interfaces/report/index.ts';
import { plainHeadline } from '../src/interfaces/report/words/report-wording.ts';
import { CHROMIUM, chromiumSkip } from './chromium-path.ts';
import { after, before, describe, it } from './skippable-tests.ts';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'test-artifacts');
const html = renderHtmlReport(exampleReport, exampleFollowers);

interface OpenedReport {
  page: Page;
  /** Every request the page tried to make (all are refused). */
  requests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

async function boxesOf(locator: Locator): Promise<{ width: number; height: number }[]> {
  return Promise.all(
    (await locator.all()).map(async (element) => (await element.boundingBox()) ?? { width: 0, height: 0 }),
  );
}
const heightsOf = async (locator: Locator) => (await boxesOf(locator)).map((box) => box.height);
const widthsOf = async (locator: Locator) => (await boxesOf(locator)).map((box) => box.width);

const skip = chromiumSkip;

describe('HTML report in Chromium', { skip }, () => {
  let browser: Browser;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'report.html'), html);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  after(async () => {
    await browser?.close();
  });

  async function openReport(
    viewport: { width: number; height: number },
    isMobile: boolean,
    content = html,
  ): Promise<OpenedReport> {
    const context = await browser.newContext({
      viewport,
      isMobile,
      hasTouch: isMobile,
      deviceScaleFactor: isMobile ? 2 : 1,
    });
    const requests: string[] = [];
    const errors: string[] = [];
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent(content, { waitUntil: 'load' });
    return { page, requests, errors };
  }

  it('shows the headline, draws the charts with bars and lists every follower, without errors or requests', async () => {
    const { page, requests, errors } = await openReport({ width: 1280, height: 900 }, false);
    assert.equal(await page.locator('h1').textContent(), plainHeadline(exampleReport));
    assert.ok(await page.getByText(exampleReport.headline, { exact: false }).isVisible());

    const charts = page.locator('svg[role="img"]');
    assert.equal(await charts.count(), 4, 'histogram, audience types, reachability and score charts');
    for (const chart of await charts.all()) {
      assert.ok(await chart.isVisible());
      assert.ok((await chart.getAttribute('aria-label'))?.length, 'every chart has an aria-label');
      assert.ok((await chart.locator('title').count()) >= 1, 'every chart has a <title>');
    }
    const histogramBars = page.locator('svg.histogram rect.bar');
    assert.equal(await histogramBars.count(), exampleReport.pFakeHistogram.counts.length);
    const binHeights = await heightsOf(histogramBars);
    assert.ok(Math.max(...binHeights) > 100, `the fullest bin is drawn tall: ${binHeights}`);
    assert.ok(
      binHeights.every((height) => height > 0),
      `every bin with followers has a bar: ${binHeights}`,
    );
    const shareBars = page.locator('svg.share-bars rect.bar');
    assert.equal(
      await shareBars.count(),
      exampleReport.audienceTypes.length + exampleReport.reachability.length,
    );
    const widths = await widthsOf(shareBars);
    assert.ok(
      widths.every((width) => width > 0),
      `every share bar has a width: ${widths}`,
    );

    const rows = page.locator('table.followers tbody tr');
    assert.equal(await rows.count(), exampleFollowers.length);
    for (const follower of exampleFollowers.filter((entry) => entry.handle !== null))
      assert.ok(await page.getByText(`@${follower.handle}`, { exact: true }).isVisible());

    await page.screenshot({ path: join(ARTIFACTS, 'report-desktop.png'), fullPage: true });
    assert.deepEqual(requests, [], 'the page requested nothing');
    assert.deepEqual(errors, [], 'no console or page errors');
    await page.context().close();
  });

  it("keeps the follow-order picture's styles to itself: the other charts' text has no outline", async () => {
    const picture = followOrderView(
      exampleFollowers.map((follower, i) => ({
        ...followOrderRow(follower, i),
        createdAt: new Date(Date.UTC(2018 + (i % 6), i % 12, 1)).toISOString(),
      })),
      undefined,
    );
    assert.ok(picture, 'the example followers, given creation dates, make a picture');
    const withPicture = renderHtmlReport(exampleReport, exampleFollowers, [renderFollowOrderCard(picture)]);
    const { page, errors } = await openReport({ width: 390, height: 844 }, true, withPicture);
    assert.equal(await page.locator('svg.follow-order').count(), 1);
    // A string runs in the page: this project type-checks without the DOM library.
    const strokes = (await page.evaluate(
      "[...document.querySelectorAll('svg.chart text')].map((text) => getComputedStyle(text).stroke)",
    )) as string[];
    assert.ok(strokes.length > 0);
    assert.deepEqual([...new Set(strokes)], ['none'], 'chart labels are drawn without a stroke');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('fits a 390 × 844 phone without horizontal overflow', async () => {
    const { page, requests, errors } = await openReport({ width: 390, height: 844 }, true);
    // A string runs in the page: this project type-checks without the DOM library.
    const widths = (await page.evaluate(
      '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
    )) as { scrollWidth: number; innerWidth: number };
    assert.equal(widths.innerWidth, 390, 'the viewport meta makes the layout phone-wide');
    assert.ok(
      widths.scrollWidth <= widths.innerWidth,
      `scrollWidth ${widths.scrollWidth} > ${widths.innerWidth}`,
    );
    assert.ok(await page.locator('h1').isVisible());
    await page.screenshot({ path: join(ARTIFACTS, 'report-phone.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report-phone-first-screen.png') });
    assert.deepEqual(requests, [], 'the page requested nothing');
    assert.deepEqual(errors, [], 'no console or page errors');
    await page.context().close();
  });
});
