import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sigmoid, softplus } from './logistic.ts';

test('sigmoid maps margins to probabilities', () => {
  assert.equal(sigmoid(0), 0.5);
  assert.ok(Math.abs(sigmoid(Math.log(3)) - 0.75) < 1e-15);
  assert.equal(sigmoid(-1000), 0);
});

test('softplus is log(1 + e^z) without overflow', () => {
  assert.ok(Math.abs(softplus(0) - Math.LN2) < 1e-15);
  assert.equal(softplus(1000), 1000);
  assert.ok(softplus(-1000) >= 0 && softplus(-1000) < 1e-300);
});
