// L2-regularised logistic regression on the same feature matrix as the trees: the linear baseline users compare against.
// Missing values become the training mean plus a 0/1 "was missing" column; features are standardised and clipped.

export interface LogisticModel {
  nFeatures: number;
  means: number[];
  scales: number[];
  /** Weights of the standardised features, then of the missing indicators, then the intercept. */
  weights: number[];
}

const CLIP = 8;

/** Standardised row with missing indicators and a trailing 1 for the intercept. */
function expand(
  model: Pick<LogisticModel, 'nFeatures' | 'means' | 'scales'>,
  matrix: Float64Array,
  row: number,
  out: Float64Array,
): void {
  const d = model.nFeatures;
  for (let j = 0; j < d; j++) {
    const value = matrix[row * d + j] as number;
    if (Number.isNaN(value)) {
      out[j] = 0;
      out[d + j] = 1;
    } else {
      const z = (value - (model.means[j] as number)) / (model.scales[j] as number);
      out[j] = Math.min(CLIP, Math.max(-CLIP, z));
      out[d + j] = 0;
    }
  }
  out[2 * d] = 1;
}

/** Solves A x = b for a symmetric positive-definite A (Cholesky), in place of a general solver. */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * n + j] as number);
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * n + k] as number) * (y[k] as number);
    y[i] = sum / (l[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * n + i] as number);
  }
  return x;
}

/** Fits by Newton's method (iteratively reweighted least squares); `lambda` penalises all weights but the intercept. */
export function trainLogistic(
  matrix: Float64Array,
  labels: Uint8Array,
  nFeatures: number,
  options: { lambda?: number; iterations?: number } = {},
): LogisticModel {
  const n = labels.length;
  const d = nFeatures;
  const lambda = options.lambda ?? 1;
  const means = new Array<number>(d).fill(0);
  const scales = new Array<number>(d).fill(1);
  for (let j = 0; j < d; j++) {
    let sum = 0;
    let sumSq = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = matrix[i * d + j] as number;
      if (Number.isNaN(v)) continue;
      sum += v;
      sumSq += v * v;
      count++;
    }
    const mean = count > 0 ? sum / count : 0;
    means[j] = mean;
    const variance = count > 1 ? sumSq / count - mean * mean : 0;
    scales[j] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  const p = 2 * d + 1;
  const model: LogisticModel = { nFeatures: d, means, scales, weights: new Array<number>(p).fill(0) };
  const x = new Float64Array(p);
  const w = new Float64Array(p);
  for (let iteration = 0; iteration < (options.iterations ?? 25); iteration++) {
    const hessian = new Float64Array(p * p);
    const gradient = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      expand(model, matrix, i, x);
      let margin = 0;
      for (let k = 0; k < p; k++) margin += (w[k] as number) * (x[k] as number);
      const prob = 1 / (1 + Math.exp(-margin));
      const residual = prob - (labels[i] as number);
      const weight = Math.max(prob * (1 - prob), 1e-9);
      for (let a = 0; a < p; a++) {
        const xa = x[a] as number;
        if (xa === 0) continue;
        gradient[a] = (gradient[a] as number) + residual * xa;
        for (let b = 0; b <= a; b++)
          hessian[a * p + b] = (hessian[a * p + b] as number) + weight * xa * (x[b] as number);
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < a; b++) hessian[b * p + a] = hessian[a * p + b] as number;
      if (a < p - 1) {
        hessian[a * p + a] = (hessian[a * p + a] as number) + lambda;
        gradient[a] = (gradient[a] as number) + lambda * (w[a] as number);
      }
    }
    const step = solveSpd(hessian, gradient, p);
    let change = 0;
    for (let k = 0; k < p; k++) {
      w[k] = (w[k] as number) - (step[k] as number);
      change = Math.max(change, Math.abs(step[k] as number));
    }
    if (change < 1e-8) break;
  }
  model.weights = Array.from(w);
  return model;
}

/** Probability of the positive class for every row. */
export function predictLogistic(model: LogisticModel, matrix: Float64Array): Float64Array {
  const n = matrix.length / model.nFeatures;
  const p = model.weights.length;
  const x = new Float64Array(p);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    expand(model, matrix, i, x);
    let margin = 0;
    for (let k = 0; k < p; k++) margin += (model.weights[k] as number) * (x[k] as number);
    out[i] = 1 / (1 + Math.exp(-margin));
  }
  return out;
}
