// Scores the published profile rules as classifiers: an account the rule calls fake scores 1, every other account 0.
import type { Account } from '../../core/account.ts';
import type { ProfileRule } from '../baselines/profile-rules.ts';
import { type EvaluationMetrics, summariseEvaluation } from './evaluation-metrics.ts';

export interface RuleOutcome {
  rule: string;
  source: string;
  metrics: EvaluationMetrics;
  /** Share of accounts the rule could decide; the rest lack a field it reads and count as human, its default. */
  decidedShare: number;
  published?: ProfileRule['published'];
}

export function evaluateRule(
  rule: ProfileRule,
  accounts: readonly Account[],
  labels: Uint8Array,
): RuleOutcome {
  const scores = new Float64Array(accounts.length);
  let decided = 0;
  accounts.forEach((account, i) => {
    const saysFake = rule.saysFake(account);
    if (saysFake !== undefined) decided++;
    scores[i] = saysFake === true ? 1 : 0;
  });
  return {
    rule: rule.name,
    source: rule.source,
    metrics: summariseEvaluation(scores, labels),
    decidedShare: Math.round((decided / Math.max(accounts.length, 1)) * 1e6) / 1e6,
    published: rule.published,
  };
}
