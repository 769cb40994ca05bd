// Quantile histogram binning: per-feature cut points fitted on training rows, and each value's bin code.

/**
 * Per feature, ascending cut points. A value falls in the first bin b with value <= edges[b], or in the last value
 * bin (edges.length) when above every edge; a missing value (NaN) falls in its own bin after that (edges.length + 1).
 * A split "bin <= b" is therefore the raw rule "value <= edges[b]", so trained trees score raw values.
 */
export interface FeatureBins {
  edges: Float64Array[];
}

/**
 * Fits cut points on the rows of a row-major `matrix`. A feature with at most `maxBins` distinct values gets one bin
 * per value; otherwise cuts fall at quantiles, moved to the end of any run of equal values. Each cut is the midpoint
 * between the two neighbouring values, so unseen values in the gap go to the nearer one.
 */
export function fitFeatureBins(matrix: Float64Array, nFeatures: number, maxBins: number): FeatureBins {
  const nRows = matrix.length / nFeatures;
  const values = new Float64Array(nRows);
  const edges: Float64Array[] = [];
  for (let feature = 0; feature < nFeatures; feature++) {
    let present = 0;
    for (let row = 0; row < nRows; row++) {
      const value = matrix[row * nFeatures + feature] as number;
      if (!Number.isNaN(value)) values[present++] = value;
    }
    edges.push(cutPoints(values.subarray(0, present).sort(), maxBins));
  }
  return { edges };
}

function cutPoints(sorted: Float64Array, maxBins: number): Float64Array {
  const runEnds: number[] = [];
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) runEnds.push(i);
  if (runEnds.length < maxBins) return Float64Array.from(runEnds, (end) => cutBefore(sorted, end));
  const cuts: number[] = [];
  let previousEnd = 0;
  for (let k = 1; k < maxBins; k++) {
    const end = firstRunEndAtOrAfter(runEnds, Math.floor((k * sorted.length) / maxBins));
    if (end === undefined) break;
    if (end > previousEnd) cuts.push(cutBefore(sorted, end));
    previousEnd = end;
  }
  return Float64Array.from(cuts);
}

function firstRunEndAtOrAfter(runEnds: number[], position: number): number | undefined {
  let low = 0;
  let high = runEnds.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((runEnds[middle] as number) < position) low = middle + 1;
    else high = middle;
  }
  return runEnds[low];
}

/** A cut c with sorted[end - 1] <= c < sorted[end]: the midpoint, unless rounding lands it on the upper value. */
function cutBefore(sorted: Float64Array, end: number): number {
  const below = sorted[end - 1] as number;
  const above = sorted[end] as number;
  const middle = below + (above - below) / 2;
  return middle >= below && middle < above ? middle : below;
}

/** Number of value bins of a feature; its missing bin has this number as its code. */
export function valueBinCount(bins: FeatureBins, feature: number): number {
  return (bins.edges[feature] as Float64Array).length + 1;
}

export function binOf(edges: Float64Array, value: number): number {
  if (Number.isNaN(value)) return edges.length + 1;
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (value <= (edges[middle] as number)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Bin codes of every value of a row-major matrix, same layout (at most 255 value bins + 1 missing bin). */
export function binMatrix(bins: FeatureBins, matrix: Float64Array): Uint8Array {
  const nFeatures = bins.edges.length;
  const codes = new Uint8Array(matrix.length);
  for (let feature = 0; feature < nFeatures; feature++) {
    const edges = bins.edges[feature] as Float64Array;
    for (let i = feature; i < matrix.length; i += nFeatures) codes[i] = binOf(edges, matrix[i] as number);
  }
  return codes;
}

/**
 * The raw threshold of the split "bin <= bin". Splitting after the last value bin separates present values (left)
 * from missing ones (right); every finite value is <= Number.MAX_VALUE, and the threshold stays JSON-safe.
 */
export function splitThreshold(bins: FeatureBins, feature: number, bin: number): number {
  return (bins.edges[feature] as Float64Array)[bin] ?? Number.MAX_VALUE;
}
