import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leafIndex, type Tree, treeDepth, treeFromJson, treeToJson } from './tree.ts';

/** x0 <= 0.5 (missing left) ? leaf 1 : (x1 <= 2 (missing right) ? leaf 3 : leaf 4) */
const tree: Tree = treeFromJson({
  feature: [0, -1, 1, -1, -1],
  threshold: [0.5, 0, 2, 0, 0],
  missingLeft: [1, 0, 0, 0, 0],
  left: [1, -1, 3, -1, -1],
  right: [2, -1, 4, -1, -1],
  value: [0, -1, 0, 0.25, 1.5],
  cover: [10, 4, 6, 5, 1],
});

test('rows reach the leaf their values and the learned missing sides lead to', () => {
  const at = (x0: number, x1: number) => leafIndex(tree, Float64Array.from([9, x0, x1]), 1);
  assert.equal(at(0.5, 0), 1);
  assert.equal(at(Number.NaN, 100), 1);
  assert.equal(at(0.6, 2), 3);
  assert.equal(at(0.6, 2.1), 4);
  assert.equal(at(0.6, Number.NaN), 4);
});

test('depth is that of the deepest leaf', () => {
  assert.equal(treeDepth(tree), 2);
  assert.equal(treeDepth(treeFromJson({ ...treeToJson(tree), feature: [-1], left: [-1], right: [-1] })), 0);
});

test('JSON form round-trips exactly', () => {
  const json = treeToJson(tree);
  assert.deepEqual(treeToJson(treeFromJson(JSON.parse(JSON.stringify(json)))), json);
  assert.deepEqual(json.missingLeft, [1, 0, 0, 0, 0]);
});
