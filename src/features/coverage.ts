// How much of a feature matrix is known: the share of non-NaN values in each column.

/** Share (0–1) of rows whose value is not NaN, per feature column of a row-major matrix; NaN for a matrix with no rows. */
export function featureCoverage(matrix: Float64Array, nFeatures: number): Float64Array {
  if (!Number.isInteger(nFeatures) || nFeatures <= 0 || matrix.length % nFeatures !== 0) {
    throw new RangeError(`a matrix of ${matrix.length} values does not have rows of ${nFeatures} features`);
  }
  const rows = matrix.length / nFeatures;
  const known = new Float64Array(nFeatures);
  for (let i = 0; i < matrix.length; i++) {
    const column = i % nFeatures;
    if (!Number.isNaN(matrix[i])) known[column] = (known[column] ?? 0) + 1;
  }
  for (let column = 0; column < nFeatures; column++) known[column] = (known[column] ?? 0) / rows;
  return known;
}
