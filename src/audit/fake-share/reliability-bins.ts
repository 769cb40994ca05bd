// The model card's reliability bins (out-of-fold predictions binned by calibrated p): which bin a score falls in.
import type { ModelFile } from '../../model/model-file.ts';

export type ReliabilityBin = ModelFile['card']['reliability'][number];

/** The index of the bin holding calibrated p (the last bin holds p = 1). */
export function reliabilityBinOf(reliability: readonly ReliabilityBin[], p: number): number {
  for (let b = 0; b < reliability.length; b++) if (p < (reliability[b] as ReliabilityBin).high) return b;
  return reliability.length - 1;
}
