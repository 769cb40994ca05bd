// The terminal summary: headline first, every section with its numbers, intervals and sources, ten suspicious followers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditReport, FollowerResult } from '../../audit/report-schema.ts';
import { exampleFollowers, exampleReport } from './fixtures/example-report.ts';
import { renderHtmlReport, renderTextReport } from './index.ts';

const text = renderTextReport(exampleReport, exampleFollowers);
const lines = text.split('\n');

/** The text with wrapped lines joined, so a phrase split by wrapping still matches. */
const flat = text.replace(/\n +/g, ' ');

function lineIndex(pattern: RegExp): number {
  const index = lines.findIndex((line) => pattern.test(line));
  assert.notEqual(index, -1, `no line matches ${pattern}`);
  return index;
}

describe('renderTextReport', () => {
  it('starts with one plain sentence, then the statistical headline, then the profile', () => {
    assert.deepEqual(lines.slice(0, 4), [
      "About 71,400 of @example_profile's 120,000 followers look real — somewhere between 69,200 and",
      '73,600.',
      '≈ 71,400 real followers of 120,000 (95 % CI 69,200–73,600)',
      'realreach audit of @example_profile on x: 120,000 followers, following 2,100, 85 posts',
    ]);
  });

  it("leads with the range when the shift test fired, the model's readings marked", () => {
    const shifted = { ...exampleReport, domainShift: { ...exampleReport.domainShift, large: true } };
    const page = renderTextReport(shifted, []);
    assert.match(
      page,
      /^Between 69,200 and 73,600 of @example_profile's 120,000 followers look real; the model's reading,\nabout 71,400, may be off\.\n/,
    );
    assert.match(page, /Fake share +38\.7–42\.3 % \(95 % CI; the model reads 40\.5 %: may be off\)/);
    assert.match(
      page,
      /Real followers +69,216–73,584 \(95 % CI; the model reads 71,400: may be off\) of 120,000/,
    );
    assert.match(
      page,
      /By real followers +[\d.]+–[\d.]+ % \(95 % CI; the model reads [\d.]+ %: may be off\)/,
    );
    assert.doesNotMatch(text, /may be off/, 'not when the test did not fire');
  });

  it('gives the fake share, real followers and after-purge count with their intervals and base', () => {
    assert.match(text, /Fake share +40\.5 % \(95 % CI 38\.7–42\.3 %\)/);
    assert.match(
      text,
      /Real followers +71,400 \(95 % CI 69,216–73,584\) of 120,000 \(the profile's follower count\)/,
    );
    assert.match(text, /After a purge +70,400 \(95 % CI 68,286–72,514\)/);
    assert.match(text, /sampling ±1\.7 pp, model ±0\.5 pp, domain shift ±0\.3 pp/);
    assert.ok(flat.includes(exampleReport.uncertainty.method));
  });

  it('names the model with its cross-validated figures, and the sample and domain-shift notes', () => {
    assert.match(text, /Model: x/);
    assert.match(text, /MCC 0\.912, ROC AUC 0\.986, ECE 0\.018 \(model card\)/);
    assert.ok(flat.includes(exampleReport.sample.note));
    assert.match(text, /Scored +3,000 followers \(a uniform random sample, seed 7\)/);
    assert.match(text, /4\.2 % of followers unlike the training data/);
    assert.ok(flat.includes(exampleReport.domainShift.note));
    const withoutAuc = renderTextReport(
      {
        ...exampleReport,
        model: { ...exampleReport.model, crossValidated: { mcc: 0.5, rocAuc: null, ece: 0.05 } },
      },
      [],
    );
    assert.match(withoutAuc, /MCC 0\.500, ROC AUC n\/a, ECE 0\.050/);
  });

  it('lists every audience type with count, share, rule and the thresholds', () => {
    for (const entry of exampleReport.audienceTypes) {
      const row = lines[lineIndex(new RegExp(`^  ${entry.type} `))] as string;
      assert.match(
        row,
        new RegExp(`${entry.count.toLocaleString('en-US')} +${(entry.share * 100).toFixed(1)} %`),
      );
      assert.ok(flat.includes(entry.rule), `rule of ${entry.type}`);
    }
    assert.ok(
      flat.includes(
        'suspicious at p(fake) ≥ 0.58; mass follower above 1,500 following; influencer above 5,000 followers; inactive after 180 days without a post',
      ),
    );
  });

  it('lists the reachability bands and how many followers had no known following count', () => {
    assert.match(text, /< 500 +1,510 +51\.4 %/);
    assert.match(text, /500–1,000 +690 +23\.5 %/);
    assert.match(text, /1,000–1,500 +380 +12\.9 %/);
    assert.match(text, /> 1,500 +360 +12\.2 %/);
    assert.match(text, /2,940 followers with a known following count; 60 unknown/);
  });

  it('shows engagement against its benchmark and source, or says it was not measured', () => {
    assert.match(text, /By real followers +1\.6 % \(95 % CI 1\.6–1\.7 %\)/);
    assert.match(text, /0\.8–2\.0 % for 100,000–500,000 followers; engagement is within it/);
    assert.match(text, /Source +Synthetic benchmark table made up for this example/);
    const without = renderTextReport({ ...exampleReport, engagement: null }, []);
    assert.match(without, /Engagement\n─+\n {2}not measured \(no posts were given\)/);
  });

  it('shows the quality score and each part with its weight, value, points and formula', () => {
    assert.match(text, /Audience quality score: 70\.0 \/ 100/);
    assert.match(text, /authenticity +0\.40 × 0\.60 × 100 = 23\.8 points {2}1 − estimated fake share/);
    assert.match(text, /activity +0\.20 × 0\.87 × 100 = 17\.3 points {2}1 − share of inactive followers/);
    for (const part of exampleReport.qualityScore.parts) assert.ok(flat.includes(part.formula), part.name);
  });

  it('shows the red flags by severity, or says none were found and why', () => {
    assert.match(text, /ALERT {4}120,000 followers for 85 posts/);
    assert.match(text, /WARNING {2}The newer half of the list is 52\.0 % fake/);
    const clean = renderTextReport({ ...exampleReport, redFlags: [], profile: null }, []);
    assert.match(clean, /Red flags\n─+\n {2}none \(no profile was given, so its checks did not run\)/);
  });

  it('lists the ten most suspicious followers, most suspicious first, with reasons and source', () => {
    const start = lineIndex(/^The 10 most suspicious followers$/);
    const listed = lines.slice(start).filter((line) => /^ {2}[ \d]\d\. /.test(line));
    assert.equal(listed.length, 10);
    assert.match(listed[0] as string, /^ {3}1\. @elnelo43789 \(x\): p\(fake\) 0\.99, suspicious$/);
    assert.match(
      listed[4] as string,
      /@mira_k88120 \(x\): p\(fake\) 0\.91, suspicious, unlike the training data/,
    );
    assert.match(listed[5] as string, /id 1000039595 \(x\)/);
    assert.match(
      text,
      / {6}has published 3 posts; has 9 followers; follows 1,894 accounts\n {6}examples\/synthetic-followers\.jsonl:3989/,
    );
    assert.ok(!text.includes('@nuvaseri'), 'the eleventh is left out');
  });

  it('picks the most suspicious from the followers passed in when the report lists none', () => {
    const report: AuditReport = { ...exampleReport, mostSuspicious: [] };
    const reversed: FollowerResult[] = [...exampleFollowers].reverse();
    const picked = renderTextReport(report, reversed);
    assert.match(picked, / {3}1\. @elnelo43789 /);
    assert.match(picked, / {2}10\. @ketto0291 /);
    assert.match(renderTextReport(report, []), /Most suspicious followers\n─+\n {2}none listed/);
  });

  it('shows control characters from the data as ? so they cannot drive the terminal', () => {
    const follower: FollowerResult = {
      ...(exampleFollowers[0] as FollowerResult),
      handle: 'evil\u001b[2J\u001b[31mred',
      reasons: ['line\rover'],
    };
    const rendered = renderTextReport({ ...exampleReport, mostSuspicious: [follower] }, []);
    assert.ok(!rendered.includes('\u001b') && !rendered.includes('\r'));
    assert.match(rendered, /@evil\?\[2J\?\[31mred/);
    assert.match(rendered, /line\?over/);
  });

  it('keeps lines within 100 columns', () => {
    const long = lines.filter((line) => line.length > 100);
    assert.deepEqual(long, []);
  });
});

describe('kind shares beside the fake share', () => {
  const withKinds = (bounded: boolean): AuditReport => ({
    ...exampleReport,
    kindShares: [
      {
        kind: 'fakeFollower',
        model: 'x-fake-follower',
        share: bounded ? { estimate: 0.232, low: 0, high: 0.423 } : { estimate: 0.3, low: 0.28, high: 0.32 },
        shiftFires: bounded,
        boundedByFakeShare: bounded,
      },
      {
        kind: 'spamBot',
        model: 'x-spam-bot',
        share: { estimate: 0.1, low: 0.08, high: 0.12 },
        shiftFires: false,
        boundedByFakeShare: false,
      },
    ],
  });

  it('gives each kind with its interval, and a kind bounded by the fake share as "at most" its upper end only', () => {
    const plain = renderTextReport(withKinds(false), exampleFollowers).replace(/\n +/g, ' ');
    assert.match(
      plain,
      /By kind +bought fake followers 30\.0 % \(95 % CI 28\.0–32\.0 %\); spam bots 10\.0 %/,
    );
    assert.doesNotMatch(plain, /at most/);
    const bounded = renderTextReport(withKinds(true), exampleFollowers).replace(/\n +/g, ' ');
    assert.match(
      bounded,
      /By kind +bought fake followers at most 42\.3 %; spam bots 10\.0 % \(95 % CI 8\.0–12\.0 %\)/,
    );
    assert.doesNotMatch(
      bounded,
      /23\.2 %/,
      "the kind model's own figure is not shown beside a fake share it contradicts",
    );
    const html = renderHtmlReport(withKinds(true), exampleFollowers);
    assert.match(
      html,
      /<p class="note" id="kind-shares">By kind: bought fake followers at most 42\.3 %; spam bots 10\.0 %/,
    );
  });

  it('says first that no kind can be split when none can, then the bound they share', () => {
    const report = withKinds(true);
    const allBounded: AuditReport = {
      ...report,
      kindShares: (report.kindShares ?? []).map((entry) => ({
        ...entry,
        share: { estimate: entry.share.estimate, low: 0, high: 0.423 },
        boundedByFakeShare: true,
      })),
    };
    const plain = renderTextReport(allBounded, exampleFollowers).replace(/\n +/g, ' ');
    assert.match(
      plain,
      /By kind +not split for this audience — each of bought fake followers and spam bots lies between none and 42\.3 % \(the kind models cannot split it/,
    );
    assert.doesNotMatch(plain, /at most|23\.2 %/);
  });
});
