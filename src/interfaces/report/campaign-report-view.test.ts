// A campaign's figures per real follower as people read them: range first when an audit's reading may be off (issue 9).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReportRow } from '../../value/campaign-report.ts';
import { formatMoneyRate, formatRate, formatRealFollowers, rowFigures } from './campaign-report-view.ts';

const row = (pointMayBeOff: boolean): ReportRow => ({
  profile: { platform: 'x', id: '42', handle: 'ben' },
  audit: { id: 2, at: '2026-06-01T12:00:00.000Z' },
  followers: 2500,
  realFollowers: { estimate: 1755, low: 815, high: 2474 },
  pointMayBeOff,
  rawHits: 10,
  humanClicks: 5,
  clicksPer1000Real: { estimate: 2.85, low: 2.02, high: 6.13 },
  conversions: { lead: 0, signup: 0, sale: 0, referral: 0 },
  revenue: [],
  cost: { minor: 40_000, currency: 'EUR' },
  costPerRealFollower: { estimate: 22.79, low: 16.17, high: 49.08 },
  costPerAcquisition: {},
  revenuePer1000Real: { estimate: 0, low: 0, high: 0 },
  returnOnSpend: 0,
});

describe('campaign report wording', () => {
  it('reads the point first, or the range first with the reading marked when the audit may be off', () => {
    assert.equal(formatRealFollowers(row(false)), '1,755 (95 % CI 815–2,474)');
    assert.equal(formatRealFollowers(row(true)), '815–2,474 (95 % CI; the model reads 1,755: may be off)');
    assert.equal(
      formatRate({ estimate: 2.85, low: 2.02, high: 6.13 }, true),
      '2.02–6.13 (the model reads 2.85: may be off)',
    );
    assert.equal(
      formatMoneyRate({ estimate: 22.79, low: 16.17, high: 49.08 }, 'EUR', true, true),
      '0.1617–0.4908 EUR (the model reads 0.2279: may be off)',
    );
    assert.equal(
      formatRate({ estimate: 0, low: 0, high: 0 }, true),
      '0.00 (0.00–0.00)',
      'no clicks: nothing to doubt',
    );
    const figures = Object.fromEntries(rowFigures(row(true), 'EUR'));
    assert.match(
      figures['cost per real follower'] ?? '',
      /^0\.1617–0\.4908 EUR \(the model reads 0\.2279: may be off\)$/,
    );
    assert.match(figures['clicks per 1,000 real followers'] ?? '', /: may be off\)$/);
    assert.doesNotMatch(
      Object.values(Object.fromEntries(rowFigures(row(false), 'EUR'))).join(' '),
      /may be off/,
    );
  });
});
