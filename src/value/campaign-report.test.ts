import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Campaign, Conversion, TrackedLink } from './campaign.ts';
import { buildCampaignReport, type CampaignActivity } from './campaign-report.ts';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 5, 1, 12);
const ana = { platform: 'x' as const, id: null, handle: 'ana' };
const ben = { platform: 'x' as const, id: '42', handle: 'ben' };

const campaign: Campaign = {
  id: 7,
  name: 'Spring',
  brand: 'Acme',
  startsOn: null,
  endsOn: null,
  cost: { minor: 100_000, currency: 'EUR' },
  createdAt: new Date(T0),
  profiles: [
    { profile: ana, cost: { minor: 60_000, currency: 'EUR' } },
    { profile: ben, cost: { minor: 40_000, currency: 'EUR' } },
  ],
};
const link = (id: number, profile: typeof ana | typeof ben): TrackedLink => ({
  id,
  campaignId: 7,
  profile,
  slug: `slug${id}`,
  target: 'https://shop.example/',
  createdAt: new Date(T0),
});

function conversion(id: number, fields: Partial<Conversion>): Conversion {
  return {
    id,
    kind: 'lead',
    campaignId: 7,
    externalId: null,
    clickId: null,
    amount: null,
    code: null,
    occurredAt: new Date(T0 + DAY),
    receivedAt: new Date(T0 + DAY),
    source: 'api',
    ...fields,
  };
}

function activity(): CampaignActivity {
  return {
    campaign,
    links: [link(1, ana), link(2, ben)],
    hitCounts: [
      { linkId: 1, day: '2026-06-01', reason: 'human', count: 4 },
      { linkId: 1, day: '2026-06-01', reason: 'link-preview', count: 10 },
      { linkId: 2, day: '2026-06-02', reason: 'human', count: 2 },
      { linkId: 2, day: '2026-06-02', reason: 'head-request', count: 3 },
    ],
    // Link 1: visitor a clicks twice within the hour on two machines (one repeat), b and c once.
    humanHits: [
      { linkId: 1, visitorKey: 'a', at: new Date(T0) },
      { linkId: 1, visitorKey: 'a', at: new Date(T0 + 60_000) },
      { linkId: 1, visitorKey: 'b', at: new Date(T0 + 120_000) },
      { linkId: 1, visitorKey: 'c', at: new Date(T0 + 180_000) },
      { linkId: 2, visitorKey: 'a', at: new Date(T0 + DAY) },
      { linkId: 2, visitorKey: 'd', at: new Date(T0 + DAY) },
    ],
    conversions: [
      {
        conversion: conversion(1, {
          kind: 'sale',
          clickId: 'click-1',
          amount: { minor: 250_000, currency: 'EUR' },
        }),
        click: { linkId: 1, at: new Date(T0), reason: 'human' },
      },
      {
        conversion: conversion(2, { clickId: 'click-2' }),
        click: { linkId: 2, at: new Date(T0 + DAY - 1000), reason: 'human' },
      },
      {
        conversion: conversion(3, { clickId: 'click-3' }),
        click: { linkId: 1, at: new Date(T0), reason: 'link-preview' },
      },
      {
        conversion: conversion(4, { clickId: 'click-4', occurredAt: new Date(T0 + 40 * DAY) }),
        click: { linkId: 1, at: new Date(T0), reason: 'human' },
      },
      { conversion: conversion(5, {}), click: undefined },
      {
        conversion: conversion(6, {
          kind: 'sale',
          clickId: 'click-6',
          amount: { minor: 5_000, currency: 'USD' },
        }),
        click: { linkId: 2, at: new Date(T0), reason: 'repeat' },
      },
    ],
    audits: new Map([
      [
        'x:@ana',
        {
          auditId: 1,
          auditedAt: new Date(T0),
          followers: 20_000,
          realFollowers: { estimate: 10_000, low: 8_000, high: 12_500 },
          pointMayBeOff: false,
        },
      ],
      [
        'x:42',
        {
          auditId: 2,
          auditedAt: new Date(T0),
          followers: 5_000,
          realFollowers: { estimate: 4_000, low: 3_200, high: 5_000 },
          pointMayBeOff: false,
        },
      ],
    ]),
    attributionWindowDays: 30,
  };
}

describe('buildCampaignReport', () => {
  const report = buildCampaignReport(activity());
  const [anaRow, benRow] = report.profiles;

  it('keeps every hit and counts human clicks once per visitor and hour, across machines', () => {
    assert.equal(report.total.rawHits, 19);
    assert.equal(anaRow?.humanClicks, 3);
    assert.equal(benRow?.humanClicks, 2);
    assert.deepEqual(report.hitReasons, {
      human: 5,
      repeat: 1,
      'head-request': 3,
      prefetch: 0,
      'link-preview': 10,
      'empty-user-agent': 0,
      'bot-user-agent': 0,
    });
    const sum = Object.values(report.hitReasons).reduce((a, b) => a + b, 0);
    assert.equal(sum, report.total.rawHits);
  });

  it('attributes conversions to human clicks within the window and keeps the rest unattributed', () => {
    assert.deepEqual(anaRow?.conversions, { lead: 0, signup: 0, sale: 1, referral: 0 });
    assert.deepEqual(benRow?.conversions, { lead: 1, signup: 0, sale: 1, referral: 0 });
    assert.equal(report.unattributed.count, 3);
    assert.deepEqual(report.unattributed.byReason, {
      'no-click-id': 1,
      'unknown-click': 0,
      'bot-click': 1,
      'outside-window': 1,
    });
  });

  it('says why each unattributed conversion is, not one reason for all', () => {
    const note = report.notes.find((line) => line.includes('unattributed'));
    assert.equal(
      note,
      "3 conversions are kept unattributed: 1 without a click id (rr_click), 1 from a bot's or a preview's hit, not a person's click, 1 more than 30 days after their click, or before it",
    );
  });

  it("marks a row whose audit's real-follower reading may be off, and the total when any audit's may be", () => {
    assert.deepEqual(
      [anaRow?.pointMayBeOff, benRow?.pointMayBeOff, report.total.pointMayBeOff],
      [false, false, false],
    );
    const base = activity();
    const shifted = buildCampaignReport({
      ...base,
      audits: new Map(
        [...base.audits].map(([key, audit]) => [key, { ...audit, pointMayBeOff: key === 'x:42' }]),
      ),
    });
    assert.deepEqual(
      [...shifted.profiles.map((row) => row.pointMayBeOff), shifted.total.pointMayBeOff],
      [false, true, true],
    );
    assert.deepEqual(
      shifted.total.realFollowers,
      report.total.realFollowers,
      'the figures themselves unchanged',
    );
  });

  it('divides by real followers and carries the audit interval', () => {
    assert.deepEqual(anaRow?.clicksPer1000Real, { estimate: 0.3, low: 3000 / 12_500, high: 3000 / 8000 });
    assert.deepEqual(anaRow?.costPerRealFollower, { estimate: 6, low: 60_000 / 12_500, high: 60_000 / 8000 });
    assert.equal(anaRow?.returnOnSpend, 250_000 / 60_000);
    assert.deepEqual(report.total.realFollowers, { estimate: 14_000, low: 11_200, high: 17_500 });
    assert.equal(report.total.followers, 25_000);
    assert.equal(report.total.returnOnSpend, 2.5);
    assert.deepEqual(report.total.revenue, [
      { minor: 250_000, currency: 'EUR' },
      { minor: 5_000, currency: 'USD' },
    ]);
    assert.deepEqual(report.total.costPerAcquisition, {
      lead: { minor: 100_000, currency: 'EUR' },
      sale: { minor: 50_000, currency: 'EUR' },
    });
    assert.ok(report.notes.some((note) => /USD/.test(note)));
  });

  it('charts human clicks, other hits, attributed and unattributed conversions per day', () => {
    assert.deepEqual(report.daily, [
      { day: '2026-06-01', humanClicks: 3, otherHits: 11, conversions: 0, unattributedConversions: 0 },
      { day: '2026-06-02', humanClicks: 2, otherHits: 3, conversions: 3, unattributedConversions: 2 },
      { day: '2026-07-11', humanClicks: 0, otherHits: 0, conversions: 0, unattributedConversions: 1 },
    ]);
    const charted = report.daily.reduce((sum, point) => sum + point.unattributedConversions, 0);
    assert.equal(charted, report.unattributed.count, 'every unattributed conversion is on the chart');
    assert.deepEqual(
      report.outsideDates,
      { hits: 0, conversions: 0 },
      'a campaign without dates leaves nothing out',
    );
  });

  it("counts only the campaign's days: hits and clicks on them, conversions up to the window after, and says what it left out", () => {
    const input = activity();
    input.campaign = { ...input.campaign, startsOn: '2026-06-02', endsOn: '2026-06-02' };
    const dated = buildCampaignReport(input);
    const [ana, ben] = dated.profiles;
    assert.equal(dated.total.rawHits, 5, "only 2026-06-02's hits");
    assert.equal(ana?.humanClicks, 0);
    assert.equal(ben?.humanClicks, 2);
    assert.deepEqual(ben?.conversions, { lead: 1, signup: 0, sale: 0, referral: 0 });
    assert.deepEqual(ana?.conversions, { lead: 0, signup: 0, sale: 0, referral: 0 });
    assert.equal(dated.unattributed.count, 1, 'the conversion without a click id, on the campaign day');
    assert.deepEqual(dated.outsideDates, { hits: 14, conversions: 4 });
    assert.deepEqual(
      dated.daily.map((point) => point.day),
      ['2026-06-02'],
    );
    assert.ok(
      dated.notes.some((note) =>
        /outside the campaign's dates \(2026-06-02 to 2026-06-02; conversions up to 30 days after its last day, from a click on its days\) and left out: 14 hits, 4 conversions/.test(
          note,
        ),
      ),
      dated.notes.join('\n'),
    );
    const later = buildCampaignReport({
      ...input,
      campaign: { ...input.campaign, startsOn: '2026-06-01', endsOn: '2026-06-01' },
    });
    assert.deepEqual(
      later.profiles[0]?.conversions,
      { lead: 0, signup: 0, sale: 1, referral: 0 },
      'a sale the day after the last day, from a click on it, counts',
    );
  });

  it('leaves per-real-follower figures out when a profile has no audit', () => {
    const input = activity();
    input.audits.delete('x:42');
    const partial = buildCampaignReport(input);
    assert.equal(partial.total.realFollowers, null);
    assert.equal(partial.total.costPerRealFollower, null);
    assert.equal(partial.profiles[1]?.clicksPer1000Real, null);
  });
});
