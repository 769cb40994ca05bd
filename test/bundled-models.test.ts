// The bundled models load and validate, and `realreach train` reproduces each one byte for byte from ../shared/datasets.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CLI } from '../src/interfaces/cli/_test-cli.ts';
import { FAKE_FOLLOWER_SIGNS, SPAM_BOT_SIGNS } from '../src/model/evaluation/kind-mixes.ts';
import { EVALUATION_PARAMS } from '../src/model/evaluation/protocols.ts';
import { BUNDLED_KIND_MODEL_NAMES, BUNDLED_MODEL_NAMES, readModelFile } from '../src/model/model-file.ts';
import { readTrainingConfig } from '../src/model/training/training-config.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DATASETS = resolve(ROOT, '..', 'shared', 'datasets');
const absent = existsSync(DATASETS)
  ? undefined
  : `${DATASETS} is absent: the labelled datasets are needed to retrain`;

const ALL_MODELS = [...BUNDLED_MODEL_NAMES, ...BUNDLED_KIND_MODEL_NAMES];

// A union's training writes its members too (each compared with the bundled file below): training them alone again
// would repeat it.
const membersOfUnions = new Set(
  (await Promise.all(ALL_MODELS.map((name) => readModelFile(name)))).flatMap(
    (model) => model.members?.map((member) => member.model) ?? [],
  ),
);

describe('bundled models', () => {
  it('are trained with the parameters the evaluation measures', async () => {
    for (const name of ALL_MODELS) {
      const config = await readTrainingConfig(join(ROOT, 'models', `${name}.config.json`));
      // A union has no trees of its own: its members (bundled models themselves, checked here too) carry the parameters.
      if (config.members !== undefined) {
        assert.deepEqual(config.params, {}, `models/${name}.config.json: a union has no parameters`);
        assert.deepEqual(
          config.members
            .map((member) => member.model)
            .filter((member) => !ALL_MODELS.includes(member as never)),
          [],
          `models/${name}.config.json: every member is a bundled model`,
        );
        continue;
      }
      // A depth other than the evaluation's is one a leave-one-collection-out comparison chose, said in paramsRationale.
      const { maxDepth, ...rest } = config.params;
      assert.deepEqual(
        rest,
        EVALUATION_PARAMS,
        `models/${name}.config.json params differ from EVALUATION_PARAMS`,
      );
      if (maxDepth !== undefined)
        assert.match(config.paramsRationale ?? '', /maxDepth/, `models/${name}.config.json: why maxDepth?`);
    }
  });

  it('monotone signs are those the leave-one-collection-out comparison measured, each with its reason', async () => {
    const measured = { 'x-fake-follower': FAKE_FOLLOWER_SIGNS, 'x-spam-bot': SPAM_BOT_SIGNS } as const;
    for (const name of ALL_MODELS) {
      const config = await readTrainingConfig(join(ROOT, 'models', `${name}.config.json`));
      for (const [feature, sign] of Object.entries(config.monotone ?? {})) {
        const signs = measured[name as keyof typeof measured];
        assert.equal(signs?.[feature]?.sign, sign, `models/${name}.config.json: ${feature}`);
        assert.equal(config.monotoneReasons?.[feature], signs?.[feature]?.reason);
      }
    }
  });

  for (const name of ALL_MODELS) {
    it(`${name} loads, validates and carries its training card`, async () => {
      const model = await readModelFile(name);
      assert.equal(model.name, name);
      assert.equal(model.card.command, `realreach train --config models/${name}.config.json`);
      assert.ok(model.card.crossValidated.rows > 500);
      assert.ok((model.card.crossValidated.rocAuc ?? 0) > 0.9, `${name} cross-validated ROC AUC`);
    });

    if (membersOfUnions.has(name)) continue; // reproduced by its union's test, which trains and compares it
    it(`${name} is reproduced byte for byte by realreach train`, { skip: absent }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'realreach-train-'));
      execFileSync(
        process.execPath,
        [
          CLI,
          'train',
          '--config',
          `models/${name}.config.json`,
          '--datasets',
          DATASETS,
          '--out',
          join(dir, `${name}.json`),
        ],
        { cwd: ROOT, stdio: 'pipe' },
      );
      // A union is trained with its members and writes them beside it: they must be the bundled ones too.
      const members = (await readModelFile(name)).members?.map((member) => member.model) ?? [];
      for (const written of [name, ...members]) {
        const rebuilt = readFileSync(join(dir, `${written}.json`));
        const bundled = readFileSync(join(ROOT, 'models', `${written}.json`));
        assert.ok(
          rebuilt.equals(bundled),
          `models/${written}.json differs from what models/${name}.config.json trains: retrain and commit it`,
        );
      }
    });
  }
});
