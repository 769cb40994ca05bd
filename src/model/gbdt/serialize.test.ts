import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomMatrix, syntheticRows } from '../_test-data.ts';
import { predictMargins } from './predict.ts';
import { gbdtModelFromJson, gbdtModelJsonSchema, gbdtModelToJson } from './serialize.ts';
import { trainGbdt } from './train.ts';

const data = syntheticRows(600, 5, 4);
const { model } = trainGbdt(data.matrix, data.labels, 5, { nEstimators: 30 });

test('a model survives JSON text exactly: same text again, same margins', () => {
  const text = JSON.stringify(gbdtModelToJson(model));
  const loaded = gbdtModelFromJson(gbdtModelJsonSchema.parse(JSON.parse(text)));
  assert.equal(JSON.stringify(gbdtModelToJson(loaded)), text);
  const matrix = randomMatrix(50, 5, 1);
  assert.deepEqual(
    predictMargins(loaded, matrix, new Float64Array(50)),
    predictMargins(model, matrix, new Float64Array(50)),
  );
});

test('the schema rejects trees that are not trees, or that the params or feature count do not allow', () => {
  const json = gbdtModelToJson(model);
  const firstTree = json.trees[0];
  assert.ok(firstTree !== undefined && firstTree.feature.length > 2);
  const withTree = (change: object) => ({ ...json, trees: [{ ...firstTree, ...change }] });
  const issue = (value: unknown) => {
    const parsed = gbdtModelJsonSchema.safeParse(value);
    assert.equal(parsed.success, false);
    return JSON.stringify(parsed.error?.issues);
  };
  assert.match(issue(withTree({ left: firstTree.left.map(() => 0) })), /out of order/);
  assert.match(issue(withTree({ value: firstTree.value.slice(1) })), /value has/);
  assert.match(
    issue(withTree({ feature: firstTree.feature.map((f) => (f >= 0 ? 5 : f)) })),
    /feature 5 of 5/,
  );
  issue(withTree({ cover: firstTree.cover.map(() => 0) }));
  issue({ ...json, params: { ...json.params, learningRate: -1 } });
  issue(JSON.parse(JSON.stringify(json).replace(/"baseScore":[^,]*/, '"baseScore":null')));
});
