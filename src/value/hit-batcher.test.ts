import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { HitBatcher } from './hit-batcher.ts';

describe('HitBatcher', () => {
  it('starts a write when a batch is full; a write takes what waits, up to its limit, in order', async () => {
    const batches: number[][] = [];
    const batcher = new HitBatcher<number>({
      write: async (batch) => void batches.push(batch),
      maxBatch: 3,
      maxWrite: 4,
      maxDelayMs: 10_000,
    });
    for (let i = 0; i < 7; i += 1) batcher.add(i);
    await delay(5);
    assert.deepEqual(batches, [
      [0, 1, 2, 3],
      [4, 5, 6],
    ]);
    assert.equal(batcher.written, 7);
  });
  it('writes a partial batch after the delay, not before', async () => {
    const batches: number[][] = [];
    const batcher = new HitBatcher<number>({
      write: async (batch) => void batches.push(batch),
      maxBatch: 3,
      maxDelayMs: 40,
    });
    batcher.add(1);
    await delay(10);
    assert.equal(batches.length, 0);
    assert.equal(batcher.pending, 1);
    await delay(80);
    assert.deepEqual(batches, [[1]]);
  });
  it('keeps a failed batch and writes it on the next flush; close reports what could not be written', async () => {
    let fail = true;
    const written: number[] = [];
    const errors: unknown[] = [];
    const batcher = new HitBatcher<number>({
      write: async (batch) => {
        if (fail) throw new Error('database down');
        written.push(...batch);
      },
      onError: (error) => errors.push(error),
      maxDelayMs: 10_000,
    });
    batcher.add(1);
    batcher.add(2);
    await batcher.flush();
    assert.equal(batcher.pending, 2);
    assert.equal(errors.length, 1);
    await assert.rejects(batcher.close(), /2 hits could not be written/);
    fail = false;
    await batcher.close();
    assert.deepEqual(written, [1, 2]);
  });
});
