// A small version of the whole evaluation on the shared datasets (2 folds, 10 trees, 2 mixes): every section runs and renders.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from '../../../test/skippable-tests.ts';
import { TRAINING_MIXES } from './mixes/training-mixes.ts';
import { renderEvaluationReport } from './report/report.ts';
import { runEvaluation } from './run-evaluation.ts';

const DATASETS = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets');
const skip = existsSync(DATASETS)
  ? false
  : `no datasets at ${DATASETS}: the evaluation needs the shared datasets`;

describe('the evaluation on the shared datasets, small', { skip }, () => {
  it('cross-validates, holds out collections, compares mixes, crosses platforms and renders the report', async () => {
    const result = await runEvaluation({
      root: DATASETS,
      command: 'test',
      datasetsLabel: 'datasets',
      peersPath: 'none',
      folds: 2,
      params: { nEstimators: 10, learningRate: 0.3, earlyStoppingRounds: 0 },
      mixes: TRAINING_MIXES.slice(0, 2),
    });
    const cresci = result.crossValidation.find((dataset) => dataset.collection === 'cresci-2015');
    assert.equal(cresci?.rows, 2255);
    assert.ok((cresci?.gbdt.rocAuc ?? 0) > 0.98, `cresci-2015 ROC AUC ${cresci?.gbdt.rocAuc}`);
    assert.equal(result.loco.rows.length, 8);
    assert.ok(!result.loco.features.includes('is_verified'));
    assert.equal(result.mixes.mixes.length, 2);
    assert.ok(result.mixes.mixes.some((mix) => mix.name === result.mixes.best));
    assert.equal(result.gilani.conflicting, 21);
    assert.equal(result.peers.shown, false);
    const report = renderEvaluationReport(result);
    for (const heading of ['## 1.', '## 2.', '## 3.', '## 4.', '## 5.', '## 6.', '## 7.'])
      assert.ok(report.includes(heading), heading);
    assert.match(report, /2 stratified folds/);
    assert.doesNotMatch(report, /NaN|undefined/);
    assert.ok(
      report.endsWith('.\n') && !report.endsWith('\n\n'),
      'one final newline, as the formatter wants',
    );
  });
});
