// The growth evaluation at a small scale on the shared labelled X accounts, scored by the bundled x model: spikes judged, batches found, reconstruction a lower bound.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type LabelledPools,
  measureBatchFinding,
  measureSpikeJudgement,
} from '../src/growth/evaluation/labelled-follow-order.ts';
import { loadDetector } from '../src/model/detector.ts';
import { readLabelledDatasets } from '../src/model/training/labelled-data.ts';
import { readTrainingConfig } from '../src/model/training/training-config.ts';
import { describe, it } from './skippable-tests.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DATASETS = resolve(ROOT, '..', 'shared', 'datasets');
const absent = existsSync(DATASETS)
  ? false
  : `no shared datasets at ${DATASETS}: growth evaluation on labelled accounts skipped`;

async function loadPools(): Promise<LabelledPools> {
  const config = await readTrainingConfig(resolve(ROOT, 'models', 'x.config.json'));
  const labelled = await readLabelledDatasets(config.datasets, DATASETS);
  const { pFake } = (await loadDetector('x')).scoreAccounts(labelled.accounts);
  const pools: LabelledPools = { humans: [], bought: [], scattered: [] };
  labelled.accounts.forEach((account, i) => {
    if (account.createdAt === undefined) return;
    const scored = { pFake: pFake[i] as number, createdAt: account.createdAt, handle: account.handle };
    const label = labelled.labels[i];
    (label === 'human' ? pools.humans : label === 'fake' ? pools.bought : pools.scattered).push(scored);
  });
  return pools;
}

describe('growth on labelled follower lists', { skip: absent }, () => {
  it('tells bought spikes from viral ones, finds inserted batches and rebuilds a lower bound', async () => {
    const pools = await loadPools();
    const spikes = measureSpikeJudgement(pools, 20, 3);
    assert.ok(spikes.accuracy >= 0.9, JSON.stringify(spikes));
    const batches = measureBatchFinding(pools, {
      lists: 1,
      organic: 5_000,
      batchesPerList: 2,
      delivery: 'creation-order',
      seed: 5,
    });
    assert.equal(batches.batchesFound, 2, JSON.stringify(batches));
    assert.equal(batches.falseBatches, 0);
    assert.equal(batches.boundViolations, 0);
  });
});
