// The audience quality score, 0–100, from an open formula: a weighted sum of parts, each 0–1, every part and weight shown.
//
// score = 100 × Σ weight × value, over the parts that can be computed. Base weights: authenticity 0.4,
// reachability 0.2, activity 0.2, engagement 0.2; a part without data (no following counts, no activity fields, no
// posts file or no benchmark) is left out and the others' weights are rescaled to add to 1.
import type { AuditReport } from './report-schema.ts';

type QualityPart = AuditReport['qualityScore']['parts'][number];
type PartName = QualityPart['name'];

export const BASE_WEIGHTS: Readonly<Record<PartName, number>> = {
  authenticity: 0.4,
  reachability: 0.2,
  activity: 0.2,
  engagement: 0.2,
};

const WEIGHTS_RULE =
  'score = 100 × Σ weight × value; base weights authenticity 0.4, reachability 0.2, activity 0.2, engagement 0.2, rescaled to add to 1 over the parts that can be computed';

export const PART_FORMULAS: Readonly<Record<PartName, string>> = {
  authenticity: `1 − the estimated fake share (its point estimate). ${WEIGHTS_RULE}`,
  reachability: 'share of followers with a known following count who follow at most 1,500 accounts',
  activity:
    'share of followers with a known post count or last post time who are not inactive (by the inactive rule)',
  engagement:
    'the profile’s engagement rate against its tier benchmark: 0.5 × rate ÷ low below the band, 0.5 + 0.5 × (rate − low) ÷ (high − low) within it, 1 above it',
};

/** The parts' values, 0–1; undefined when a part cannot be computed. */
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
  const parts = known.map((name): QualityPart => {
    const value = Math.min(1, Math.max(0, inputs[name] as number));
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
