import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../seeded-random.ts';
import { predictMargins } from './predict.ts';
import { trainGbdt } from './train.ts';

const nFeatures = 3;

/**
 * Labels that rise with feature 0 and fall with feature 1 on the whole, each with a bump against the trend (which an
 * unconstrained model learns), feature 2 free noise, some values missing.
 */
function bumpyRows(count: number, seed: number) {
  const random = createSeededRandom(seed);
  const matrix = new Float64Array(count * nFeatures);
  const labels = new Uint8Array(count);
  for (let row = 0; row < count; row++) {
    const x0 = random() * 10;
    const x1 = random() * 10;
    const x2 = random() * 10;
    const bump0 = x0 > 6 && x0 < 7 ? -4 : 0;
    const bump1 = x1 > 2 && x1 < 3 ? -4 : 0;
    const logit = 0.8 * (x0 - 5) + bump0 - 0.8 * (x1 - 5) - bump1 + 0.3 * Math.sin(x2);
    labels[row] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    matrix[row * nFeatures] = random() < 0.05 ? Number.NaN : x0;
    matrix[row * nFeatures + 1] = x1;
    matrix[row * nFeatures + 2] = x2;
  }
  return { matrix, labels };
}

const data = bumpyRows(4000, 7);
const params = { nEstimators: 150, learningRate: 0.2, maxDepth: 4, earlyStoppingRounds: 0 };

/** The largest step against `sign` along `feature` over random rows swept over a grid of 0..10. */
function worstViolation(model: ReturnType<typeof trainGbdt>['model'], feature: number, sign: number): number {
  const random = createSeededRandom(99);
  const steps = 101;
  let worst = 0;
  for (let probe = 0; probe < 200; probe++) {
    const base = [random() * 10, random() * 10, random() * 10];
    const matrix = new Float64Array(steps * nFeatures);
    for (let step = 0; step < steps; step++) {
      matrix.set(base, step * nFeatures);
      matrix[step * nFeatures + feature] = (step / (steps - 1)) * 10;
    }
    const margins = predictMargins(model, matrix, new Float64Array(steps));
    for (let step = 1; step < steps; step++) {
      const change = sign * ((margins[step] as number) - (margins[step - 1] as number));
      worst = Math.max(worst, -change);
    }
  }
  return worst;
}

test('without constraints the model follows the bumps against the trend (the check below can fail)', () => {
  const { model } = trainGbdt(data.matrix, data.labels, nFeatures, params);
  assert.ok(worstViolation(model, 0, 1) > 0.1, 'feature 0 should dip somewhere');
  assert.ok(worstViolation(model, 1, -1) > 0.1, 'feature 1 should rise somewhere');
});

test('monotone constraints: margins never fall along a +1 feature nor rise along a -1 feature, on random rows', () => {
  const { model } = trainGbdt(data.matrix, data.labels, nFeatures, {
    ...params,
    monotoneConstraints: [1, -1, 0],
  });
  assert.equal(worstViolation(model, 0, 1), 0);
  assert.equal(worstViolation(model, 1, -1), 0);
  // The free feature is still used, and the model still learns the trends.
  assert.ok(model.trees.some((tree) => tree.feature.includes(2)));
  const margins = predictMargins(model, data.matrix, new Float64Array(data.labels.length));
  let agree = 0;
  for (let row = 0; row < data.labels.length; row++) {
    if (((margins[row] as number) > 0 ? 1 : 0) === data.labels[row]) agree++;
  }
  assert.ok(agree / data.labels.length > 0.75, `training accuracy ${agree / data.labels.length}`);
});

test('a constraint of the wrong length is refused; all-zero constraints train as no constraints', () => {
  assert.throws(
    () => trainGbdt(data.matrix, data.labels, nFeatures, { ...params, monotoneConstraints: [1, 0] }),
    /monotoneConstraints has 2 signs for 3 features/,
  );
  const free = trainGbdt(data.matrix, data.labels, nFeatures, { ...params, nEstimators: 10 }).model;
  const zeros = trainGbdt(data.matrix, data.labels, nFeatures, {
    ...params,
    nEstimators: 10,
    monotoneConstraints: [0, 0, 0],
  }).model;
  assert.deepEqual(
    free.trees.map((tree) => [...tree.value]),
    zeros.trees.map((tree) => [...tree.value]),
  );
});
