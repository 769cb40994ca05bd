import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outOfFoldScores, stratifiedFolds, stratifiedHoldout } from './cross-validate.ts';

const labels = Uint8Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));

test('stratified folds balance sizes and labels, and follow the seed', () => {
  const folds = stratifiedFolds(labels, 5, 1);
  const sizes = new Array<number>(5).fill(0);
  const positives = new Array<number>(5).fill(0);
  folds.forEach((fold, row) => {
    sizes[fold] = (sizes[fold] ?? 0) + 1;
    positives[fold] = (positives[fold] ?? 0) + (labels[row] as number);
  });
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes}`);
  assert.ok(Math.max(...positives) - Math.min(...positives) <= 1, `positives ${positives}`);
  assert.deepEqual(stratifiedFolds(labels, 5, 1), folds);
  assert.notDeepEqual(stratifiedFolds(labels, 5, 2), folds);
  assert.throws(() => stratifiedFolds(labels, 1, 1), /k must be/);
});

test('stratified holdout takes the fraction of each label, disjoint from the rest', () => {
  const { fitRows, holdoutRows } = stratifiedHoldout(labels, 0.2, 7);
  const positivesHeld = [...holdoutRows].filter((row) => labels[row] === 1).length;
  assert.equal(positivesHeld, Math.round(0.2 * 26));
  assert.equal(holdoutRows.length - positivesHeld, Math.round(0.2 * 77));
  assert.deepEqual(
    [...fitRows, ...holdoutRows].sort((a, b) => a - b),
    [...labels.keys()],
  );
  assert.deepEqual(
    [...holdoutRows],
    [...holdoutRows].sort((a, b) => a - b),
  );
});

test('out-of-fold scores come from fits that never saw the scored rows', () => {
  const data = { matrix: Float64Array.from(labels.keys()), labels, nFeatures: 1 };
  const folds = stratifiedFolds(labels, 4, 3);
  const scores = outOfFoldScores(data, folds, (fit, heldOut, fold) => {
    const seen = new Set(fit.matrix);
    assert.ok(heldOut.matrix.every((row) => !seen.has(row)));
    assert.equal(fit.matrix.length + heldOut.matrix.length, labels.length);
    return Float64Array.from(heldOut.matrix, (row) => row * 10 + fold);
  });
  scores.forEach((score, row) => {
    assert.equal(score, row * 10 + (folds[row] as number));
  });
  assert.throws(() => outOfFoldScores(data, folds, () => new Float64Array(1)), /returned 1 scores/);
});
