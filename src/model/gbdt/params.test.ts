import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultGbdtParams, resolveGbdtParams } from './params.ts';

test('partial params are merged over the defaults', () => {
  assert.deepEqual(resolveGbdtParams({ maxDepth: 3 }), { ...defaultGbdtParams, maxDepth: 3 });
});

test('out-of-range and unknown params are rejected with the field named', () => {
  assert.throws(() => resolveGbdtParams({ learningRate: 0 }), /learningRate/);
  assert.throws(() => resolveGbdtParams({ maxBins: 256 }), /maxBins/);
  assert.throws(() => resolveGbdtParams({ seed: 1.5 }), /seed/);
  assert.throws(() => resolveGbdtParams({ maxdepth: 3 } as never), /maxdepth/);
});
