import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldError } from '../core/errors.ts';
import { conversionFromFields } from './conversion-fields.ts';

const NOW = new Date('2026-11-29T12:00:00Z');

describe('conversionFromFields', () => {
  it('reads a sale with its money, a referral with its code, and dates one without a time now', () => {
    assert.deepEqual(
      conversionFromFields(
        {
          kind: 'Sale',
          campaign: '3',
          orderId: ' A-1 ',
          clickId: 'abcdEFGH_-12',
          amount: '49.90',
          currency: 'eur',
        },
        'csv',
        NOW,
      ),
      {
        kind: 'sale',
        campaignId: 3,
        externalId: 'A-1',
        clickId: 'abcdEFGH_-12',
        amount: { minor: 4990, currency: 'EUR' },
        code: null,
        occurredAt: NOW,
        source: 'csv',
      },
    );
    const referral = conversionFromFields(
      { kind: 'referral', code: 'ANA10', occurredAt: '2026-11-01T08:00:00Z' },
      'api',
      NOW,
    );
    assert.equal(referral.code, 'ANA10');
    assert.equal(referral.campaignId, null);
    assert.equal(referral.occurredAt.toISOString(), '2026-11-01T08:00:00.000Z');
  });

  it('names the field at fault', () => {
    const fieldOf = (fields: Parameters<typeof conversionFromFields>[0]) => {
      try {
        conversionFromFields(fields, 'api', NOW);
        return 'accepted';
      } catch (error) {
        assert.ok(error instanceof FieldError);
        return error.field;
      }
    };
    assert.equal(fieldOf({ kind: 'gift' }), 'kind');
    assert.equal(fieldOf({ kind: 'sale', currency: 'EUR' }), 'amount');
    assert.equal(fieldOf({ kind: 'sale', amount: '5' }), 'currency');
    assert.equal(fieldOf({ kind: 'sale', amount: '5', currency: 'EURO' }), 'currency');
    assert.equal(fieldOf({ kind: 'sale', amount: '-5', currency: 'EUR' }), 'amount');
    assert.equal(fieldOf({ kind: 'lead', amount: '5', currency: 'EUR' }), 'amount');
    assert.equal(fieldOf({ kind: 'lead', campaign: 'x' }), 'campaign');
    assert.equal(fieldOf({ kind: 'lead', clickId: 'no spaces allowed' }), 'click_id');
    assert.equal(fieldOf({ kind: 'lead', occurredAt: 'yesterday' }), 'occurred_at');
    // Date reads 30 February as 2 March: a typo would be stored as another day.
    assert.equal(fieldOf({ kind: 'lead', occurredAt: '2026-02-30T12:00:00Z' }), 'occurred_at');
  });
});
