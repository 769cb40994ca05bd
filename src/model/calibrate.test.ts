import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyCalibration, calibrationSchema, fitCalibration, fitIsotonic, fitPlatt } from './calibrate.ts';
import { sigmoid } from './logistic.ts';
import { expectedCalibrationError } from './metrics/metrics.ts';
import { createSeededRandom } from './seeded-random.ts';

/** Margins whose true probability of label 1 is `truth(margin)`. */
function sample(n: number, seed: number, truth: (margin: number) => number) {
  const random = createSeededRandom(seed);
  const margins = Float64Array.from({ length: n }, () => random() * 12 - 6);
  const labels = Uint8Array.from(margins, (margin) => (random() < truth(margin) ? 1 : 0));
  return { margins, labels };
}

test('Platt scaling recovers the logistic that generated the labels', () => {
  const { margins, labels } = sample(20_000, 1, (margin) => sigmoid(0.5 * margin - 1));
  const platt = fitPlatt(margins, labels);
  assert.ok(Math.abs(platt.a - 0.5) < 0.05 && Math.abs(platt.b + 1) < 0.08, JSON.stringify(platt));
});

test('Platt scaling stays finite on separable margins', () => {
  const platt = fitPlatt([-2, -1, 1, 2], Uint8Array.from([0, 0, 1, 1]));
  assert.ok(Number.isFinite(platt.a) && Number.isFinite(platt.b) && platt.a > 0);
});

test('isotonic regression pools violators into blocks at their mean margin, and interpolates', () => {
  const isotonic = fitIsotonic([1, 2, 3, 4, 5], Uint8Array.from([0, 1, 0, 1, 1]));
  assert.deepEqual(isotonic, { kind: 'isotonic', x: [1, 2.5, 4.5], y: [0, 0.5, 1] });
  assert.equal(applyCalibration(isotonic, 3.5), 0.75);
  assert.equal(applyCalibration(isotonic, -10), 0);
  assert.equal(applyCalibration(isotonic, 10), 1);
  assert.deepEqual(fitIsotonic([1, 2, 1], Uint8Array.from([0, 1, 1])), {
    kind: 'isotonic',
    x: [1, 2],
    y: [0.5, 1],
  });
});

test('isotonic output never decreases', () => {
  const { margins, labels } = sample(2000, 2, (margin) => sigmoid(margin));
  const isotonic = fitIsotonic(margins, labels);
  for (let i = 1; i < isotonic.x.length; i++) {
    assert.ok((isotonic.x[i] as number) > (isotonic.x[i - 1] as number));
    assert.ok((isotonic.y[i] as number) > (isotonic.y[i - 1] as number));
  }
});

function heldOutEce(truth: (margin: number) => number) {
  const fit = sample(5000, 3, truth);
  const heldOut = sample(5000, 4, truth);
  const calibration = fitCalibration(fit.margins, fit.labels);
  const raw = expectedCalibrationError(Float64Array.from(heldOut.margins, sigmoid), heldOut.labels);
  const calibrated = expectedCalibrationError(
    Float64Array.from(heldOut.margins, (margin) => applyCalibration(calibration, margin)),
    heldOut.labels,
  );
  return { calibration, raw, calibrated };
}

test('calibration of overconfident, shifted margins cuts ECE, choosing Platt for a logistic distortion', () => {
  const { calibration, raw, calibrated } = heldOutEce((margin) => sigmoid(margin / 3 - 0.5));
  assert.equal(calibration.kind, 'platt');
  assert.ok(raw > 0.1 && calibrated < 0.03, `ECE ${raw} -> ${calibrated}`);
});

test('calibration chooses isotonic when the distortion is no logistic (a step)', () => {
  const { calibration, raw, calibrated } = heldOutEce((margin) => (margin > 2 ? 0.95 : 0.3));
  assert.equal(calibration.kind, 'isotonic');
  assert.ok(calibrated < raw / 3 && calibrated < 0.04, `ECE ${raw} -> ${calibrated}`);
});

test('fitCalibration is deterministic and rejects one-label input', () => {
  const { margins, labels } = sample(500, 5, sigmoid);
  assert.deepEqual(fitCalibration(margins, labels, 3), fitCalibration(margins, labels, 3));
  assert.throws(() => fitCalibration([1, 2], Uint8Array.from([1, 1])), /needs both labels/);
  assert.throws(() => fitPlatt([1, Number.NaN], Uint8Array.from([0, 1])), /margins\[1\] is NaN/);
  assert.equal(fitCalibration([1, 2, 3], Uint8Array.from([0, 1, 0])).kind, 'platt');
});

test('fitted calibrations pass their schema through JSON; malformed ones do not', () => {
  const { margins, labels } = sample(500, 6, sigmoid);
  for (const calibration of [fitPlatt(margins, labels), fitIsotonic(margins, labels)]) {
    assert.deepEqual(calibrationSchema.parse(JSON.parse(JSON.stringify(calibration))), calibration);
  }
  assert.equal(calibrationSchema.safeParse({ kind: 'isotonic', x: [1, 2], y: [0.5] }).success, false);
  assert.equal(calibrationSchema.safeParse({ kind: 'isotonic', x: [2, 1], y: [0, 1] }).success, false);
  assert.equal(calibrationSchema.safeParse({ kind: 'platt', a: null, b: 0 }).success, false);
  assert.equal(calibrationSchema.safeParse({ kind: 'beta', a: 1, b: 0 }).success, false);
});
