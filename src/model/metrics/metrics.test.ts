import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  accuracy,
  averagePrecision,
  brierScore,
  confusionMatrix,
  expectedCalibrationError,
  f1Score,
  logLoss,
  matthewsCorrelation,
  precision,
  recall,
  rocAuc,
} from './metrics.ts';

function assertClose(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} vs ${expected}`);
}

test('confusion matrix counts scores >= threshold as positive; threshold metrics follow', () => {
  const matrix = confusionMatrix([0.1, 0.6, 0.4, 0.8, 0.5], [0, 0, 1, 1, 1]);
  assert.deepEqual(matrix, { truePositives: 2, falsePositives: 1, trueNegatives: 1, falseNegatives: 1 });
  assertClose(accuracy(matrix), 3 / 5);
  assertClose(precision(matrix), 2 / 3);
  assertClose(recall(matrix), 2 / 3);
  assertClose(f1Score(matrix), 2 / 3);
  assertClose(matthewsCorrelation(matrix), 1 / 6);
  assert.deepEqual(confusionMatrix([0.1, 0.6], [0, 1], 0.7), {
    truePositives: 0,
    falsePositives: 0,
    trueNegatives: 1,
    falseNegatives: 1,
  });
});

test('empty denominators give 0, not NaN', () => {
  const none = confusionMatrix([0.1, 0.2], [0, 0]);
  assert.equal(precision(none), 0);
  assert.equal(recall(none), 0);
  assert.equal(f1Score(none), 0);
  assert.equal(matthewsCorrelation(none), 0);
  assert.equal(accuracy(none), 1);
});

test('ROC AUC counts pairs, ties as half', () => {
  assertClose(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  assertClose(rocAuc([1, 2, 2, 3], [0, 0, 1, 1]), 0.875);
  assertClose(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]), 0.5);
  assertClose(rocAuc([3, 2, 1], [1, 0, 0]), 1);
  assert.ok(Number.isNaN(rocAuc([1, 2], [1, 1])));
});

test('average precision sums precision over recall gains, tied scores as one threshold', () => {
  assertClose(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 5 / 6);
  assertClose(averagePrecision([1, 2, 2, 3], [0, 0, 1, 1]), 0.5 + 0.5 * (2 / 3));
  assertClose(averagePrecision([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]), 0.5);
  assert.ok(Number.isNaN(averagePrecision([1, 2], [0, 0])));
});

test('log loss and Brier score', () => {
  assertClose(logLoss([0.9, 0.2], [1, 0]), -(Math.log(0.9) + Math.log(0.8)) / 2);
  assertClose(logLoss([0, 1], [0, 1]), -Math.log(1 - 1e-15));
  assertClose(logLoss([0], [1]), -Math.log(1e-15));
  assertClose(brierScore([0.9, 0.2], [1, 0]), 0.025);
});

test('expected calibration error weighs each bin gap by its rows', () => {
  assertClose(expectedCalibrationError([0.05, 0.15, 0.95, 0.92], [0, 1, 1, 1]), (0.05 + 0.85 + 0.13) / 4);
  assertClose(expectedCalibrationError([1, 1], [1, 1]), 0);
  assertClose(expectedCalibrationError([0.3, 0.3], [0, 1], 2), 0.2);
});

test('mismatched lengths are rejected', () => {
  assert.throws(() => rocAuc([1, 2], [1]), /2 scores for 1 labels/);
});
