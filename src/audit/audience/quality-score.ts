// The audience quality score, 0–100, from an open formula: a weighted sum of parts, each 0–1, every part and weight shown.
//
// score = 100 × Σ weight × value, over the parts that can be computed. Base weights: authenticity 0.4,
// reachability 0.2, activity 0.2, engagement 0.2; a part without data (no following counts, no activity fields, no
// posts file or no benchmark) is left out and the others' weights are rescaled to add to 1.
//
// Authenticity is the real share the audit is sure of: 1 − the upper end of the fake share's 95 % interval, so thin
// or unfamiliar data (one follower projected onto 2,500, usernames only, followers unlike the training data) cannot
// score high on a point estimate. Every other part counts for that real share only (its value is the measured share
// × the real share): fakes are reachable and "active" too, and without this an audience made only of the demo's fakes
// scored 62.9 on reachability and activity alone. The score never exceeds 100 × the sure real share.
import type { AuditReport } from '../report-schema.ts';

type QualityPart = AuditReport['qualityScore']['parts'][number];
type PartName = QualityPart['name'];

export const BASE_WEIGHTS: Readonly<Record<PartName, number>> = {
  authenticity: 0.4,
  reachability: 0.2,
  activity: 0.2,
  engagement: 0.2,
};

const WEIGHTS_RULE =
  'score = 100 × Σ weight × value; base weights authenticity 0.4, reachability 0.2, activity 0.2, engagement 0.2, rescaled to add to 1 over the parts that can be computed; every other part counts for the real share only';

/** Said of every part but authenticity: its measured share is multiplied by the real share. */
const FOR_REAL_SHARE = ', × the sure real share (the authenticity part)';

export const PART_FORMULAS: Readonly<Record<PartName, string>> = {
  authenticity: `the real share the audit is 95 % sure of: 1 − the upper end of the fake share's 95 % interval. ${WEIGHTS_RULE}`,
  reachability: `share of followers with a known following count who follow at most 1,500 accounts${FOR_REAL_SHARE}`,
  activity: `share of followers with a known post count or last post time who are not inactive (by the inactive rule)${FOR_REAL_SHARE}`,
  engagement: `the profile’s engagement rate against its tier benchmark: 0.5 × rate ÷ low below the band, 0.5 + 0.5 × (rate − low) ÷ (high − low) within it, 1 above it${FOR_REAL_SHARE}`,
};

/** The parts' measured shares, 0–1, before the real-share weighting; undefined when a part cannot be computed. */
export interface QualityInputs {
  authenticity: number;
  reachability?: number;
  activity?: number;
  engagement?: number;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export function qualityScore(inputs: QualityInputs): AuditReport['qualityScore'] {
  const known = (Object.keys(BASE_WEIGHTS) as PartName[]).filter((name) => inputs[name] !== undefined);
  const totalWeight = known.reduce((sum, name) => sum + BASE_WEIGHTS[name], 0);
  const clamp = (value: number) => Math.min(1, Math.max(0, value));
  const real = clamp(inputs.authenticity);
  const parts = known.map((name): QualityPart => {
    const measured = clamp(inputs[name] as number);
    const value = name === 'authenticity' ? measured : measured * real;
    const weight = BASE_WEIGHTS[name] / totalWeight;
    return {
      name,
      weight: round(weight, 4),
      value: round(value, 4),
      points: round(weight * value * 100, 1),
      formula: PART_FORMULAS[name],
    };
  });
  const score = parts.reduce((sum, part) => sum + part.weight * part.value * 100, 0);
  return { score: round(Math.min(100, Math.max(0, score)), 1), parts };
}
