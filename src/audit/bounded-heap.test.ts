import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSeededRandom } from '../model/seeded-random.ts';
import { BoundedHeap } from './bounded-heap.ts';

test('keeps the k greatest items of a stream, greatest first', () => {
  const random = createSeededRandom(3);
  const values = Array.from({ length: 5000 }, () => random());
  const heap = new BoundedHeap<number>(25, (a, b) => a - b);
  for (const value of values) heap.offer(value);
  assert.deepEqual(heap.sorted(), [...values].sort((a, b) => b - a).slice(0, 25));
  const none = new BoundedHeap<number>(0, (a, b) => a - b);
  none.offer(1);
  assert.deepEqual(none.sorted(), []);
});
