// Flat feature matrices (row-major, NaN = missing) and their labels: shape checks and the selection of rows.

export interface LabelledMatrix {
  /** `labels.length` rows of `nFeatures` values each, row-major; NaN marks a missing value. */
  matrix: Float64Array;
  /** 0 or 1 per row. */
  labels: Uint8Array;
  nFeatures: number;
  /** Per-row weights (e.g. to balance classes); absent means every row weighs 1. */
  weights?: Float64Array;
}

/**
 * Throws a RangeError naming the first thing wrong: shape, a label other than 0/1, a weight that is negative or
 * not finite, or an infinite feature value (features are finite numbers or NaN).
 */
export function checkLabelledMatrix(data: LabelledMatrix, name: string): void {
  const { matrix, labels, nFeatures, weights } = data;
  if (!Number.isInteger(nFeatures) || nFeatures < 1) {
    throw new RangeError(`${name}: nFeatures must be a positive integer, got ${nFeatures}`);
  }
  if (matrix.length !== labels.length * nFeatures) {
    throw new RangeError(
      `${name}: matrix has ${matrix.length} values, expected ${labels.length} rows x ${nFeatures} features`,
    );
  }
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (label > 1) throw new RangeError(`${name}: labels[${i}] is ${label}, expected 0 or 1`);
  }
  for (let i = 0; i < matrix.length; i++) {
    const value = matrix[i] as number;
    if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) {
      const row = Math.floor(i / nFeatures);
      throw new RangeError(
        `${name}: row ${row}, feature ${i - row * nFeatures} is ${value}; features must be finite or NaN`,
      );
    }
  }
  if (weights === undefined) return;
  if (weights.length !== labels.length) {
    throw new RangeError(`${name}: ${weights.length} weights for ${labels.length} rows`);
  }
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i] as number;
    if (!(weight >= 0 && weight < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`${name}: weights[${i}] is ${weight}, expected a finite number >= 0`);
    }
  }
}

/** The given rows, in the given order, copied into a new LabelledMatrix. */
export function selectRows(data: LabelledMatrix, rows: ArrayLike<number>): LabelledMatrix {
  const { matrix, labels, nFeatures, weights } = data;
  const selectedMatrix = new Float64Array(rows.length * nFeatures);
  const selectedLabels = new Uint8Array(rows.length);
  const selectedWeights = weights === undefined ? undefined : new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    selectedMatrix.set(matrix.subarray(row * nFeatures, (row + 1) * nFeatures), i * nFeatures);
    selectedLabels[i] = labels[row] as number;
    if (selectedWeights !== undefined && weights !== undefined) selectedWeights[i] = weights[row] as number;
  }
  return selectedWeights === undefined
    ? { matrix: selectedMatrix, labels: selectedLabels, nFeatures }
    : { matrix: selectedMatrix, labels: selectedLabels, nFeatures, weights: selectedWeights };
}

/** Throws a RangeError unless `row[offset .. offset + nFeatures)` lies within the array. */
export function checkRowFits(row: Float64Array, offset: number, nFeatures: number): void {
  if (!(Number.isInteger(offset) && offset >= 0 && offset + nFeatures <= row.length)) {
    throw new RangeError(
      `a row of ${nFeatures} features at offset ${offset} does not fit in ${row.length} values`,
    );
  }
}
