import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticRows } from '../_test-data.ts';
import { rocAuc } from '../metrics/metrics.ts';
import { createSeededRandom } from '../seeded-random.ts';
import { predictMargin, predictMargins } from './predict.ts';
import { gbdtModelToJson } from './serialize.ts';
import { trainGbdt } from './train.ts';
import { treeDepth } from './tree.ts';

const nFeatures = 8;
const shape = { sharpness: 12, missingShare: 0.02 };
const training = syntheticRows(4000, nFeatures, 1, shape);
const heldOut = syntheticRows(2000, nFeatures, 2, shape);
const fast = { nEstimators: 200, learningRate: 0.1 };

function heldOutAuc(model: Parameters<typeof predictMargins>[0]): number {
  return rocAuc(
    predictMargins(model, heldOut.matrix, new Float64Array(heldOut.labels.length)),
    heldOut.labels,
  );
}

test('separates a nonlinear synthetic problem on held-out rows (AUC > 0.95)', () => {
  const { model } = trainGbdt(training.matrix, training.labels, nFeatures, fast);
  const auc = heldOutAuc(model);
  assert.ok(auc > 0.95, `held-out AUC ${auc}`);
});

test('the base score is the log-odds of the training prior', () => {
  const { model } = trainGbdt(training.matrix, training.labels, nFeatures, {
    ...fast,
    earlyStoppingRounds: 0,
  });
  const positives = training.labels.reduce((sum, label) => sum + label, 0);
  assert.equal(model.baseScore, Math.log(positives / (training.labels.length - positives)));
});

test('the same seed gives a byte-identical model; another seed different trees', () => {
  const params = { ...fast, nEstimators: 40 };
  const train = (seed: number) =>
    gbdtModelToJson(trainGbdt(training.matrix, training.labels, nFeatures, { ...params, seed }).model);
  assert.equal(JSON.stringify(train(3)), JSON.stringify(train(3)));
  assert.notEqual(JSON.stringify(train(3).trees), JSON.stringify(train(4).trees));
});

test('learns from missingness: a feature missing mostly for positives becomes a split with missing sent apart', () => {
  const nRows = 2000;
  const random = createSeededRandom(9);
  const matrix = new Float64Array(nRows * 2);
  const labels = new Uint8Array(nRows);
  for (let row = 0; row < nRows; row++) {
    const label = random() < 0.5 ? 1 : 0;
    labels[row] = label;
    matrix[row * 2] = random() < (label === 1 ? 0.9 : 0.1) ? Number.NaN : random();
    matrix[row * 2 + 1] = random();
  }
  const { model } = trainGbdt(matrix, labels, 2, { nEstimators: 30, earlyStoppingRounds: 0 });
  const missing = predictMargin(model, Float64Array.from([Number.NaN, 0.5]));
  const present = predictMargin(model, Float64Array.from([0.5, 0.5]));
  assert.ok(missing > 1 && present < -1, `margin when missing ${missing}, when present ${present}`);
  const root = model.trees[0];
  assert.equal(root?.feature[0], 0);
});

test('the missing side is learned both ways: missing values can go left', () => {
  const nRows = 2000;
  const random = createSeededRandom(10);
  const matrix = new Float64Array(nRows);
  const labels = new Uint8Array(nRows);
  for (let row = 0; row < nRows; row++) {
    const value = random();
    const missing = random() < 0.3;
    matrix[row] = missing ? Number.NaN : value;
    labels[row] = missing || value < 0.5 ? 1 : 0;
  }
  const { model } = trainGbdt(matrix, labels, 1, { nEstimators: 20, earlyStoppingRounds: 0, maxDepth: 1 });
  const first = model.trees[0];
  assert.ok(first !== undefined);
  assert.equal(first.missingLeft[0], 1, 'missing rows join the low values (label 1) on the left');
  assert.ok(Math.abs((first.threshold[0] as number) - 0.5) < 0.01);
});

test('early stopping stops and keeps the best round', () => {
  const noisy = syntheticRows(1500, nFeatures, 5, { sharpness: 0.7 });
  const result = trainGbdt(noisy.matrix, noisy.labels, nFeatures, {
    nEstimators: 1000,
    learningRate: 0.3,
    earlyStoppingRounds: 10,
  });
  const losses = result.validationLoss;
  assert.ok(losses.length < 1000, `grew ${losses.length} trees`);
  const best = Math.min(...losses);
  assert.equal(result.model.trees.length, losses.indexOf(best) + 1);
  assert.equal(losses.length, result.model.trees.length + 10);
});

test('a given validation set is used as is, and all trees are kept without early stopping', () => {
  const result = trainGbdt(
    training.matrix,
    training.labels,
    nFeatures,
    { ...fast, earlyStoppingRounds: 0 },
    {
      validation: heldOut,
    },
  );
  assert.equal(result.model.trees.length, fast.nEstimators);
  assert.equal(result.validationLoss.length, fast.nEstimators);
  assert.ok((result.validationLoss.at(-1) as number) < (result.validationLoss[0] as number));
});

test('trees respect maxDepth, maxLeaves and minSamplesLeaf', () => {
  const { model } = trainGbdt(training.matrix, training.labels, nFeatures, {
    nEstimators: 20,
    maxDepth: 3,
    maxLeaves: 5,
    minSamplesLeaf: 40,
    earlyStoppingRounds: 0,
  });
  for (const tree of model.trees) {
    assert.ok(treeDepth(tree) <= 3);
    let leaves = 0;
    tree.feature.forEach((feature, node) => {
      if (feature >= 0) return;
      leaves++;
      assert.ok((tree.cover[node] as number) >= 40);
    });
    assert.ok(leaves <= 5);
  }
});

test('subsampling: each tree is grown on round(subsample x rows) rows; covers add up', () => {
  const { model } = trainGbdt(training.matrix, training.labels, nFeatures, {
    nEstimators: 5,
    subsample: 0.5,
    earlyStoppingRounds: 0,
  });
  for (const tree of model.trees) {
    assert.equal(tree.cover[0], 2000);
    tree.feature.forEach((feature, node) => {
      if (feature < 0) return;
      const childCovers =
        (tree.cover[tree.left[node] as number] as number) +
        (tree.cover[tree.right[node] as number] as number);
      assert.equal(childCovers, tree.cover[node]);
    });
  }
});

test('colsampleByTree limits each tree to its share of features', () => {
  const { model } = trainGbdt(training.matrix, training.labels, nFeatures, {
    nEstimators: 20,
    colsampleByTree: 0.25,
    earlyStoppingRounds: 0,
  });
  for (const tree of model.trees) {
    const used = new Set([...tree.feature].filter((feature) => feature >= 0));
    assert.ok(used.size <= 2, `tree uses ${used.size} features`);
  }
  const allUsed = new Set(model.trees.flatMap((tree) => [...tree.feature].filter((feature) => feature >= 0)));
  assert.ok(allUsed.size > 2, 'different trees draw different features');
});

test('sample weights shift the prior and the predictions toward the heavier class', () => {
  const weights = Float64Array.from(training.labels, (label) => (label === 1 ? 1 : 4));
  const plain = trainGbdt(training.matrix, training.labels, nFeatures, {
    ...fast,
    earlyStoppingRounds: 0,
  }).model;
  const weighted = trainGbdt(
    training.matrix,
    training.labels,
    nFeatures,
    { ...fast, earlyStoppingRounds: 0 },
    { sampleWeights: weights },
  ).model;
  assert.ok(Math.abs(weighted.baseScore - (plain.baseScore - Math.log(4))) < 1e-12);
  const mean = (model: typeof plain) =>
    predictMargins(model, heldOut.matrix, new Float64Array(heldOut.labels.length)).reduce(
      (sum, m) => sum + m,
      0,
    );
  assert.ok(mean(weighted) < mean(plain) - 500);
  assert.ok(heldOutAuc(weighted) > 0.95);
});

test('malformed input is rejected with what is wrong', () => {
  const { matrix, labels } = training;
  assert.throws(() => trainGbdt(matrix.subarray(1), labels, nFeatures), /matrix has/);
  assert.throws(() => trainGbdt(matrix, new Uint8Array(labels.length), nFeatures), /both labels/);
  assert.throws(
    () =>
      trainGbdt(
        matrix,
        Uint8Array.from(labels, () => 2),
        nFeatures,
      ),
    /expected 0 or 1/,
  );
  const infinite = matrix.slice();
  infinite[17] = Number.POSITIVE_INFINITY;
  assert.throws(() => trainGbdt(infinite, labels, nFeatures), /row 2, feature 1 is Infinity/);
  assert.throws(
    () =>
      trainGbdt(matrix, labels, nFeatures, {}, { sampleWeights: new Float64Array(labels.length).fill(-1) }),
    /weights\[0\]/,
  );
  assert.throws(() => trainGbdt(matrix, labels, nFeatures, { subsample: 0 }), /subsample/);
});
