import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account } from '../../core/account.ts';
import { PROFILE_RULES } from '../baselines/profile-rules.ts';
import { evaluateRule } from './rule-evaluation.ts';

const account = (fields: Partial<Account>): Account => ({
  platform: 'x',
  id: String(Math.random()),
  source: { format: 'test', file: 't' },
  ...fields,
});
const followersRule = PROFILE_RULES.find((rule) => rule.name === 'CC: followers >= 30');

describe('rules as classifiers', () => {
  it('score 1 where the rule says fake, 0 elsewhere, and count undecided accounts as human', () => {
    assert.ok(followersRule);
    const accounts = [
      account({ followersCount: 3 }), // fake, caught
      account({ followersCount: 500 }), // fake, missed
      account({}), // fake, undecidable: counted human
      account({ followersCount: 800 }), // human, right
      account({ followersCount: 10 }), // human, wrongly flagged
    ];
    const outcome = evaluateRule(followersRule, accounts, Uint8Array.from([1, 1, 1, 0, 0]));
    assert.equal(outcome.decidedShare, 0.8);
    assert.equal(outcome.metrics.recall, Math.round((1 / 3) * 1e6) / 1e6);
    assert.equal(outcome.metrics.precision, 0.5);
    assert.equal(outcome.metrics.accuracy, 0.4);
    assert.deepEqual(outcome.published, followersRule.published);
  });
});
