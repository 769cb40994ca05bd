// The HTML page without a browser: self-contained, escapes the data, accessible charts, every section and follower.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditReport, FollowerResult } from '../../../audit/report-schema.ts';
import type { Verification } from '../../../audit/verification/verification-schema.ts';
import { exampleFollowers, exampleReport } from '../fixtures/example-report.ts';
import { renderHtmlReport } from '../index.ts';
import { plainHeadline } from '../words/report-wording.ts';
import { escapeHtml } from './html-escape.ts';

const html = renderHtmlReport(exampleReport, exampleFollowers);

/** Labels on a review sample (`audit --labels`): they settle an audit whose shift test fired. */
const labelled: Verification = {
  method: 'stratified PPI',
  labels: {
    used: 80,
    fake: 30,
    real: 50,
    unsure: 0,
    unlabelled: 0,
    unmatched: 0,
    problems: 0,
    problemExamples: [],
  },
  unsureRule: 'both ways',
  fakeShare: exampleReport.fakeShare,
  realFollowers: exampleReport.realFollowers,
  modelOnly: { fakeShare: exampleReport.fakeShare, realFollowers: exampleReport.realFollowers },
  labelsOnly: exampleReport.fakeShare,
  shift: 0,
  predictionWeight: 0.5,
  strata: [],
  note: '',
};

describe('renderHtmlReport', () => {
  it('is one self-contained file: no scripts, no links, nothing fetched, a phone viewport and a strict CSP', () => {
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'/,
    );
    for (const loader of [
      '<script',
      '<link',
      '<img',
      '<iframe',
      ' src=',
      ' href=',
      'url(',
      '@import',
      'http://',
      'https://',
    ])
      assert.ok(!html.includes(loader), `found ${loader}`);
  });

  it('escapes every string from the data: handles, reasons, sources, notes, the headline', () => {
    const attack = '<script>alert(1)</script>';
    const follower: FollowerResult = {
      ...(exampleFollowers[0] as FollowerResult),
      handle: attack,
      reasons: ['<img src=x onerror=alert(2)>', 'a "quoted" & \'single\' reason'],
      source: 'file"><b>:1',
    };
    const report: AuditReport = {
      ...exampleReport,
      headline: `≈ 1 real follower ${attack}`,
      profile: { ...(exampleReport.profile as NonNullable<AuditReport['profile']>), handle: attack },
      sample: { ...exampleReport.sample, note: attack },
      redFlags: [{ code: 'little-content', severity: 'alert', message: attack }],
      audienceTypes: exampleReport.audienceTypes.map((entry) => ({ ...entry, rule: attack })),
    };
    const page = renderHtmlReport(report, [follower]);
    assert.ok(!page.includes('<script'), 'no script tag');
    assert.ok(!page.includes('<img'), 'no img tag');
    assert.ok(!page.includes('<b>'), 'no markup from a source');
    assert.ok(page.includes('@&lt;script&gt;alert(1)&lt;/script&gt;'), 'the handle, escaped');
    assert.ok(page.includes('&lt;img src=x onerror=alert(2)&gt;'));
    assert.ok(page.includes('a &quot;quoted&quot; &amp; &#39;single&#39; reason'));
    assert.ok(page.includes('<title>realreach audit: @&lt;script&gt;alert(1)&lt;/script&gt; on x</title>'));
  });

  it('shows the headline and the estimates with their intervals', () => {
    assert.ok(
      html.includes(`<h1>${escapeHtml(plainHeadline(exampleReport))}</h1>`),
      'one plain sentence first',
    );
    assert.ok(
      html.includes(`<p class="sub">${escapeHtml(exampleReport.headline)}.`),
      'the statistics beneath it',
    );
    assert.match(
      html,
      /Real followers<\/div><div class="value">71,400<\/div><div class="ci">95 % CI 69,216–73,584/,
    );
    assert.match(
      html,
      /Fake share<\/div><div class="value">40\.5 %<\/div><div class="ci">95 % CI 38\.7–42\.3 %/,
    );
    assert.match(
      html,
      /After a purge<\/div><div class="value">70,400<\/div><div class="ci">95 % CI 68,286–72,514/,
    );
  });

  it('leads a large domain shift warning with its point and what to do, its statistics (once) one click below', () => {
    const report: AuditReport = {
      ...exampleReport,
      domainShift: {
        unlikeShare: 0.061,
        large: true,
        note: "6.1 % of the followers are unlike the x model's training data; the fake share may be off.",
      },
    };
    const page = renderHtmlReport(report, []);
    const hero = /<header class="hero">[\s\S]*?<\/header>/.exec(page)?.[0] ?? '';
    assert.match(
      hero,
      /<li class="flag-alert"><p class="point">Trust the range, not the single figure: these followers do not look like the accounts the model was trained on, so its reading may be off\. Verify it with a labelled sample: realreach review\.<\/p><details><summary>Why: the statistics<\/summary><p>[^<]*<\/p><p>6\.1 % of the followers are unlike/,
    );
    assert.equal(hero.split('6.1 %').length - 1, 1, hero);
    // the statistical headline is one click below too, not repeated beneath the h1 and the box
    const details = /<details>[\s\S]*?<\/details>/.exec(hero)?.[0] ?? '';
    assert.ok(details.includes(`<p>${escapeHtml(report.headline)}.</p>`), details);
    const sub = /<p class="sub">[^<]*<\/p>/.exec(hero)?.[0] ?? '';
    assert.equal(
      sub,
      '<p class="sub">3,000 followers (a uniform random sample, seed 7) scored by the x model.</p>',
    );
    // the box comes before the line beneath it
    assert.ok(hero.indexOf('class="flag-alert"') < hero.indexOf('class="sub"'), hero);
    // settled by labels, the point leads again and the statistical headline is back beneath the h1
    const settled = renderHtmlReport({ ...report, verification: labelled }, []);
    assert.ok(settled.includes(`<p class="sub">${escapeHtml(report.headline)}.`), settled);
  });

  it('shows the range as the big number when the point reading may be off, the reading marked beneath', () => {
    const shifted: AuditReport = {
      ...exampleReport,
      domainShift: { unlikeShare: 0.061, large: true, note: 'the shift test fired' },
    };
    const page = renderHtmlReport(shifted, []);
    assert.match(
      page,
      /Real followers <span class="nowrap">\(95 % CI\)<\/span><\/div><div class="value">69,216–73,584<\/div><div class="ci reading">the model reads <span class="nowrap">71,400<\/span> <span class="badge off">may be off<\/span>/,
    );
    assert.match(
      page,
      /Fake share <span class="nowrap">\(95 % CI\)<\/span><\/div><div class="value">38\.7–42\.3 %<\/div><div class="ci reading">the model reads <span class="nowrap">40\.5 %<\/span> <span class="badge off">may be off/,
    );
    assert.doesNotMatch(page, /<div class="value">71,400<\/div>/, 'no bold point figure');
    assert.match(
      /<h1>[^<]*<\/h1>/.exec(page)?.[0] ?? '',
      /^<h1>Between [\d,]+ and [\d,]+ of @example_profile&#39;s 120,000 followers look real; the model&#39;s reading, about [\d,]+, may be off\.<\/h1>$/,
    );
    // Labels settle it: the point leads again, and the warning says what the labels did.
    const settled = renderHtmlReport({ ...shifted, verification: labelled }, []);
    assert.match(settled, /Real followers<\/div><div class="value">71,400<\/div>/);
    assert.match(
      settled,
      /<p class="point">These followers do not look like the accounts the model was trained on, so the model alone may have been off; the 80 labels given settle it/,
    );
    assert.doesNotMatch(settled, /Verify it with a labelled sample/);
  });

  it('leads the too-few-to-check warning with its point and what to do', () => {
    const note =
      'The shift test did not fire, but 30 followers are too few to check that they look like the accounts';
    const report: AuditReport = {
      ...exampleReport,
      followersRead: 30,
      input: { ...exampleReport.input, accepted: 30 },
      domainShift: { unlikeShare: 0, large: false, tooFewToCheck: true, note },
    };
    const hero = /<header class="hero">[\s\S]*?<\/header>/.exec(renderHtmlReport(report, []))?.[0] ?? '';
    assert.match(
      hero,
      new RegExp(
        `<li class="flag-warning"><p class="point">The figure holds only if the model fits these followers, and 30 followers are too few to check that\\. Verify it with a labelled sample: realreach review draws all 30\\.</p><details><summary>Why: the statistics</summary><p>${note}`,
      ),
    );
    assert.doesNotMatch(/<header class="hero">[\s\S]*?<\/header>/.exec(html)?.[0] ?? '', /class="flags"/);
  });

  it('draws four charts, each an image with an aria-label and a title', () => {
    const charts = [
      ...html.matchAll(
        /<svg class="chart ([a-z-]+)"[^>]*role="img" aria-label="([^"]+)"><title>([^<]+)<\/title>/g,
      ),
    ];
    assert.deepEqual(
      charts.map((chart) => chart[1]),
      ['histogram', 'share-bars', 'share-bars', 'score-bar'],
    );
    assert.equal((html.match(/<svg /g) ?? []).length, 4, 'every svg is one of them');
    assert.match(charts[1]?.[2] as string, /suspicious 41\.3 % \(1,240\)/);
  });

  it('has the quality parts, red flags, notes on sample, model and domain shift, and the engagement source', () => {
    for (const part of exampleReport.qualityScore.parts)
      assert.ok(html.includes(part.formula.replace("'", '&#39;')));
    assert.match(html, /weight 0\.40 × value 0\.60 × 100/);
    for (const flag of exampleReport.redFlags) assert.ok(html.includes(flag.message));
    assert.ok(html.includes(exampleReport.sample.note));
    assert.ok(html.includes(exampleReport.domainShift.note));
    assert.match(html, /MCC 0\.912, ROC AUC 0\.986, ECE 0\.018/);
    assert.ok(html.includes(exampleReport.engagement?.benchmark.source as string));
  });

  it('lists every follower passed in, most suspicious first, with its reasons', () => {
    const rows = [
      ...html.matchAll(/<tr><td class="num rank">(\d+)<\/td><td class="who"><strong>([^<]+)<\/strong>/g),
    ];
    assert.equal(rows.length, exampleFollowers.length);
    const reversed = renderHtmlReport(exampleReport, [...exampleFollowers].reverse());
    const first = reversed.match(/<td class="who"><strong>([^<]+)<\/strong>/);
    assert.equal(first?.[1], '@elnelo43789');
    assert.ok(html.includes('<li>follows 1,894 accounts</li>'));
    assert.match(renderHtmlReport(exampleReport, []), /No per-follower rows were included/);
  });
});
