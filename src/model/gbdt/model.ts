// A trained GBDT: the margin every row starts from, the trees whose leaf values add to it, and how it was trained.
import type { GbdtParams } from './params.ts';
import type { Tree } from './tree.ts';

/** The raw margin (log-odds) of a row is baseScore plus, for each tree, the value of the leaf the row reaches. */
export interface GbdtModel {
  nFeatures: number;
  /** Log-odds of the (weighted) share of positive training labels. */
  baseScore: number;
  trees: readonly Tree[];
  params: GbdtParams;
}
