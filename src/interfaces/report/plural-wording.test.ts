// Counts of one read in the singular wherever a user reads them: the text and HTML reports, the verification facts, the campaign report.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditReport } from '../../audit/report-schema.ts';
import type { Verification } from '../../audit/verification/verification-schema.ts';
import { buildCampaignReport } from '../../value/campaign-report.ts';
import { renderCampaignReportText } from './campaign-report-view.ts';
import { exampleFollowers, exampleReport } from './fixtures/example-report.ts';
import { renderHtmlReport } from './html/html-report.ts';
import { renderTextReport } from './text-report.ts';
import { plainHeadline } from './words/report-wording.ts';
import { verificationFacts } from './words/verification-words.ts';

/** "1 followers", "1 conversions": a count of exactly one before a plural noun. */
const ONE_BEFORE_PLURAL =
  /(^|[^\d.,])1 (followers|posts|labels|conversions|leads|signups|sales|referrals|snapshots|rows|days|accounts|records|hits|duplicates)\b/;

const onesReport: AuditReport = {
  ...exampleReport,
  profile: {
    ...(exampleReport.profile as NonNullable<AuditReport['profile']>),
    followersCount: 1,
    postsCount: 1,
  },
  followersRead: 1,
  input: { ...exampleReport.input, duplicates: 1 },
};

describe('counts of one', () => {
  it('reads "About 1 of … 1 follower looks real" in the plain first sentence', () => {
    const one: AuditReport = {
      ...onesReport,
      realFollowers: { estimate: 1, low: 0, high: 1 },
      followerBase: { count: 1, source: 'profile' },
    };
    assert.equal(
      plainHeadline(one),
      "About 1 of @example_profile's 1 follower looks real — somewhere between 0 and 1.",
    );
  });

  it('read "1 follower" and "1 post" in the text and HTML reports', () => {
    const text = renderTextReport(onesReport, exampleFollowers);
    assert.match(text, /: 1 follower, following 2,100, 1 post/);
    assert.doesNotMatch(text, ONE_BEFORE_PLURAL, text.match(ONE_BEFORE_PLURAL)?.[0]);
    const html = renderHtmlReport(onesReport, exampleFollowers);
    assert.doesNotMatch(html, ONE_BEFORE_PLURAL, html.match(ONE_BEFORE_PLURAL)?.[0]);
  });

  it('read "1 follower" and "1 unreadable row" among the verification facts', () => {
    const interval = { estimate: 0.5, low: 0.1, high: 0.9 };
    const verification: Verification = {
      method: 'stratified PPI',
      labels: {
        used: 1,
        fake: 1,
        real: 0,
        unsure: 0,
        unlabelled: 0,
        unmatched: 0,
        problems: 1,
        problemExamples: ['labels.csv:3: label: "maybe"'],
      },
      unsureRule: 'both ways',
      fakeShare: interval,
      realFollowers: interval,
      modelOnly: { fakeShare: interval, realFollowers: interval },
      labelsOnly: interval,
      shift: 0,
      predictionWeight: 0.5,
      strata: [
        {
          pFakeFrom: 0.9,
          pFakeTo: 1,
          followers: 1,
          labelled: 1,
          labelledFake: 1,
          labelledUnsure: 0,
          meanPFake: 0.95,
        },
      ],
      note: '',
    };
    const facts = verificationFacts(verification);
    const labels = facts.find(([term]) => term === 'Labels')?.[1] ?? '';
    assert.match(labels, /1 unreadable row$/);
    const band = facts.find(([term]) => term === 'By p(fake) band')?.[1] ?? '';
    assert.match(band, /1 fake of 1 labelled, 1 follower$/);
  });

  it('read "1 lead" and "1 conversion is kept unattributed" in the campaign report', () => {
    const report = buildCampaignReport({
      campaign: {
        id: 1,
        name: 'One of each',
        brand: null,
        startsOn: null,
        endsOn: null,
        cost: { minor: 100, currency: 'EUR' },
        createdAt: new Date(0),
        profiles: [],
      },
      links: [],
      hitCounts: [],
      humanHits: [],
      conversions: [
        {
          conversion: {
            id: 1,
            kind: 'lead',
            campaignId: 1,
            externalId: null,
            clickId: null,
            amount: null,
            code: null,
            occurredAt: new Date(0),
            receivedAt: new Date(0),
            source: 'api',
          },
          click: undefined,
        },
      ],
      audits: new Map(),
      attributionWindowDays: 1,
    });
    const text = renderCampaignReportText(report);
    assert.match(text, /1 conversion is kept unattributed: 1 without a click id \(rr_click\)/);
    assert.match(text, /unattributed conversions: 1 \(1 lead, 0 signups, 0 sales, 0 referrals\)/);
    assert.doesNotMatch(text, ONE_BEFORE_PLURAL, text.match(ONE_BEFORE_PLURAL)?.[0]);
  });
});
