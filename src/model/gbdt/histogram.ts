// Per-bin sums of gradient, hessian and row count over a node's rows: built from bin codes, or by subtraction.
import { type FeatureBins, valueBinCount } from './bins.ts';

/**
 * A histogram is one Float64Array of slots, three numbers each (gradient, hessian, count). Feature f owns the slots
 * offsets[f] .. offsets[f] + valueBins[f], the last of which is its missing bin, so slot = offsets[f] + bin code.
 */
export interface HistogramLayout {
  offsets: Int32Array;
  valueBins: Int32Array;
  /** Length of a histogram array (3 numbers per slot). */
  length: number;
}

export function histogramLayout(bins: FeatureBins): HistogramLayout {
  const nFeatures = bins.edges.length;
  const offsets = new Int32Array(nFeatures);
  const valueBins = new Int32Array(nFeatures);
  let slots = 0;
  for (let feature = 0; feature < nFeatures; feature++) {
    offsets[feature] = slots;
    valueBins[feature] = valueBinCount(bins, feature);
    slots += valueBinCount(bins, feature) + 1;
  }
  return { offsets, valueBins, length: slots * 3 };
}

/** The binned rows a histogram is built from. */
export interface BinnedRows {
  /** Row-major bin codes, `nFeatures` per row. */
  codes: Uint8Array;
  nFeatures: number;
  gradients: Float64Array;
  hessians: Float64Array;
}

/** Fills `histogram` for `features` only, summing the rows `rows[start..end)`. */
export function buildHistogram(
  histogram: Float64Array,
  layout: HistogramLayout,
  features: Int32Array,
  binned: BinnedRows,
  rows: Int32Array,
  start: number,
  end: number,
): void {
  const { offsets, valueBins } = layout;
  const { codes, nFeatures, gradients, hessians } = binned;
  for (const feature of features) {
    const first = (offsets[feature] as number) * 3;
    histogram.fill(0, first, first + ((valueBins[feature] as number) + 1) * 3);
  }
  const nSelected = features.length;
  for (let i = start; i < end; i++) {
    const row = rows[i] as number;
    const gradient = gradients[row] as number;
    const hessian = hessians[row] as number;
    const rowStart = row * nFeatures;
    for (let j = 0; j < nSelected; j++) {
      const feature = features[j] as number;
      const slot = ((offsets[feature] as number) + (codes[rowStart + feature] as number)) * 3;
      histogram[slot] = (histogram[slot] as number) + gradient;
      histogram[slot + 1] = (histogram[slot + 1] as number) + hessian;
      histogram[slot + 2] = (histogram[slot + 2] as number) + 1;
    }
  }
}

/**
 * Turns a parent's histogram into its larger child's by subtracting the smaller child's (the histogram subtraction
 * trick: only the smaller child is ever summed row by row).
 */
export function subtractHistogram(
  parent: Float64Array,
  child: Float64Array,
  layout: HistogramLayout,
  features: Int32Array,
): void {
  for (const feature of features) {
    const first = (layout.offsets[feature] as number) * 3;
    const end = first + ((layout.valueBins[feature] as number) + 1) * 3;
    for (let i = first; i < end; i++) parent[i] = (parent[i] as number) - (child[i] as number);
  }
}
