import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomMatrix, randomModel, syntheticRows } from '../_test-data.ts';
import type { GbdtModel } from '../gbdt/model.ts';
import { predictMargin } from '../gbdt/predict.ts';
import { gbdtModelFromJson } from '../gbdt/serialize.ts';
import { trainGbdt } from '../gbdt/train.ts';
import { type Tree, treeDepth } from '../gbdt/tree.ts';
import { readModelFile, treesOf } from '../model-file.ts';
import { expectedMargin, explainMargin, explainMarginByPaths } from './explain.ts';
import { buildShapTables } from './fast-tree-shap.ts';

/** E[tree(x) | the features in `known` take the row's values], the others averaged by cover (path-dependent). */
function conditionalExpectation(tree: Tree, node: number, row: Float64Array, known: number): number {
  const feature = tree.feature[node] as number;
  if (feature < 0) return tree.value[node] as number;
  const left = tree.left[node] as number;
  const right = tree.right[node] as number;
  if ((known >> feature) & 1) {
    const value = row[feature] as number;
    const goesLeft = Number.isNaN(value)
      ? tree.missingLeft[node] === 1
      : value <= (tree.threshold[node] as number);
    return conditionalExpectation(tree, goesLeft ? left : right, row, known);
  }
  return (
    ((tree.cover[left] as number) * conditionalExpectation(tree, left, row, known) +
      (tree.cover[right] as number) * conditionalExpectation(tree, right, row, known)) /
    (tree.cover[node] as number)
  );
}

/** Shapley values by enumerating every subset of features (2^nFeatures of them). */
function bruteForceShapley(model: GbdtModel, row: Float64Array): Float64Array {
  const n = model.nFeatures;
  const worth = (known: number) =>
    model.trees.reduce((sum, tree) => sum + conditionalExpectation(tree, 0, row, known), model.baseScore);
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const shapley = new Float64Array(n);
  for (let feature = 0; feature < n; feature++) {
    for (let known = 0; known < 1 << n; known++) {
      if ((known >> feature) & 1) continue;
      let size = 0;
      for (let bits = known; bits > 0; bits >>= 1) size += bits & 1;
      const weight = (factorial(size) * factorial(n - size - 1)) / factorial(n);
      shapley[feature] =
        (shapley[feature] as number) + weight * (worth(known | (1 << feature)) - worth(known));
    }
  }
  return shapley;
}

function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9, `${what}: ${actual} vs ${expected}`);
}

test('attributions equal brute-force Shapley values on small random trees (features repeat on paths), by both algorithms', () => {
  for (const [nFeatures, seed] of [
    [1, 1],
    [3, 2],
    [4, 3],
    [6, 4],
    [6, 5],
  ] as const) {
    const model = randomModel(nFeatures, 4, 6, seed);
    assert.ok(buildShapTables(model), 'shallow trees get Fast TreeSHAP v2 tables');
    const matrix = randomMatrix(8, nFeatures, seed, 0.25);
    for (let row = 0; row < 8; row++) {
      const values = matrix.subarray(row * nFeatures, (row + 1) * nFeatures);
      const { baseValue, attributions } = explainMargin(model, matrix, row * nFeatures);
      const byPaths = explainMarginByPaths(model, matrix, row * nFeatures).attributions;
      const expected = bruteForceShapley(model, values);
      expected.forEach((value, feature) => {
        const what = `features ${nFeatures}, row ${row}, feature ${feature}`;
        assertClose(attributions[feature] as number, value, `tables: ${what}`);
        assertClose(byPaths[feature] as number, value, `Algorithm 2: ${what}`);
      });
      assertClose(
        baseValue,
        model.trees.reduce((sum, tree) => sum + conditionalExpectation(tree, 0, values, 0), model.baseScore),
        'base value',
      );
    }
  }
});

test('base value + attributions = margin, on deep random trees and on a trained model', () => {
  const deep = randomModel(20, 30, 10, 8);
  const matrix = randomMatrix(30, 20, 9, 0.2);
  for (let row = 0; row < 30; row++) {
    const { baseValue, attributions } = explainMargin(deep, matrix, row * 20);
    const total = attributions.reduce((sum, value) => sum + value, baseValue);
    assertClose(total, predictMargin(deep, matrix, row * 20), `deep row ${row}`);
  }
  const data = syntheticRows(1500, 6, 3, { missingShare: 0.2 });
  const { model } = trainGbdt(data.matrix, data.labels, 6, { nEstimators: 60 });
  for (let row = 0; row < 50; row++) {
    const { baseValue, attributions } = explainMargin(model, data.matrix, row * 6);
    assert.equal(baseValue, expectedMargin(model));
    const total = attributions.reduce((sum, value) => sum + value, baseValue);
    assertClose(total, predictMargin(model, data.matrix, row * 6), `trained row ${row}`);
  }
});

test('features the trees never split on get no attribution; the informative ones the most', () => {
  const data = syntheticRows(1500, 6, 3, { missingShare: 0 });
  const { model } = trainGbdt(data.matrix, data.labels, 6, { nEstimators: 60 });
  const used = new Set(model.trees.flatMap((tree) => [...tree.feature]));
  const meanAbsolute = new Float64Array(6);
  for (let row = 0; row < 200; row++) {
    explainMargin(model, data.matrix, row * 6).attributions.forEach((value, feature) => {
      if (!used.has(feature)) assert.equal(value, 0);
      meanAbsolute[feature] = (meanAbsolute[feature] as number) + Math.abs(value);
    });
  }
  const informative = Math.min(...meanAbsolute.subarray(0, 2));
  const noise = Math.max(...meanAbsolute.subarray(4));
  assert.ok(informative > 3 * noise, `informative ${informative}, noise ${noise}`);
});

test('a missing value is attributed along its learned side', () => {
  const tree: Tree = {
    feature: Int32Array.from([0, -1, -1]),
    threshold: Float64Array.from([0, 0, 0]),
    missingLeft: Uint8Array.from([1, 0, 0]),
    left: Int32Array.from([1, -1, -1]),
    right: Int32Array.from([2, -1, -1]),
    value: Float64Array.from([0, -1, 3]),
    cover: Float64Array.from([4, 3, 1]),
  };
  const model = { ...randomModel(1, 0, 1, 1), baseScore: 0, trees: [tree] };
  const explanation = explainMargin(model, Float64Array.from([Number.NaN]));
  assert.equal(explanation.baseValue, 0);
  assert.equal(explanation.attributions[0], -1);
});

test('Fast TreeSHAP v2 tables and Algorithm 2 agree on the bundled models; deep trees fall back to Algorithm 2', async () => {
  for (const name of ['x-fake-follower', 'x-spam-bot', 'general', 'instagram']) {
    const gbdt = gbdtModelFromJson(treesOf(await readModelFile(name)));
    assert.ok(buildShapTables(gbdt), `${name}: tables built`);
    // Values next to the model's own thresholds (either side) or missing, so rows take every kind of path.
    const thresholds = Array.from({ length: gbdt.nFeatures }, (_, feature) =>
      gbdt.trees.flatMap((tree) => [...tree.threshold].filter((_, node) => tree.feature[node] === feature)),
    );
    const noise = randomMatrix(40, gbdt.nFeatures, 11, 0.15);
    const matrix = noise.map((value, i) => {
      const near = thresholds[i % gbdt.nFeatures] as number[];
      if (Number.isNaN(value) || near.length === 0) return value;
      const threshold = near[Math.floor(((value + 1) / 2) * near.length) % near.length] as number;
      return threshold + (value > 0 ? 1e-6 : -1e-6) * Math.max(1, Math.abs(threshold));
    });
    for (let row = 0; row < 40; row++) {
      const fast = explainMargin(gbdt, matrix, row * gbdt.nFeatures);
      const byPaths = explainMarginByPaths(gbdt, matrix, row * gbdt.nFeatures);
      assert.equal(fast.baseValue, byPaths.baseValue);
      fast.attributions.forEach((value, feature) => {
        assertClose(value, byPaths.attributions[feature] as number, `${name} row ${row} feature ${feature}`);
      });
    }
  }
  assert.equal(
    buildShapTables(randomModel(20, 30, 10, 8)),
    undefined,
    'the deep test model (depth 10) is too deep for tables',
  );
});

/** The same tree with its nodes numbered breadth first (children no longer next to their parent). */
function breadthFirst(tree: Tree): Tree {
  const order = [0];
  for (let i = 0; i < order.length; i++) {
    const node = order[i] as number;
    if ((tree.feature[node] as number) >= 0)
      order.push(tree.right[node] as number, tree.left[node] as number);
  }
  const index = new Map(order.map((node, i) => [node, i]));
  const pick = <T extends Int32Array | Float64Array | Uint8Array>(array: T): T => {
    const copy = array.slice() as T;
    order.forEach((node, i) => {
      copy[i] = array[node] as number;
    });
    return copy;
  };
  const child = (array: Int32Array) =>
    pick(array).map((node) => (node < 0 ? -1 : (index.get(node) as number)));
  return {
    ...tree,
    feature: pick(tree.feature),
    threshold: pick(tree.threshold),
    missingLeft: pick(tree.missingLeft),
    value: pick(tree.value),
    cover: pick(tree.cover),
    left: child(tree.left),
    right: child(tree.right),
  };
}

test('tables: brute-force Shapley values on rows exactly on thresholds and missing, with a lone leaf and paths of 8 splits', () => {
  const nFeatures = 5;
  const random = randomModel(nFeatures, 6, 8, 21);
  const lone: Tree = {
    feature: Int32Array.from([-1]),
    threshold: Float64Array.from([0]),
    missingLeft: Uint8Array.from([0]),
    left: Int32Array.from([-1]),
    right: Int32Array.from([-1]),
    value: Float64Array.from([0.25]),
    cover: Float64Array.from([100]),
  };
  const model = { ...random, trees: [...random.trees, lone] };
  assert.ok(buildShapTables(model), 'paths of up to 8 splits get tables');
  assert.ok(
    random.trees.some((tree) => treeDepth(tree) === 8),
    'some path has 8 splits',
  );
  const thresholds = Array.from({ length: nFeatures }, (_, feature) =>
    model.trees.flatMap((tree) => [...tree.threshold].filter((_, node) => tree.feature[node] === feature)),
  );
  const noise = randomMatrix(24, nFeatures, 22, 0.25);
  // A third of the values sit exactly on one of the feature's thresholds (a split sends them left).
  const matrix = noise.map((value, i) => {
    const near = thresholds[i % nFeatures] as number[];
    if (i % 3 !== 0 || Number.isNaN(value) || near.length === 0) return value;
    return near[Math.floor(((value + 1) / 2) * near.length) % near.length] as number;
  });
  for (let row = 0; row < 24; row++) {
    const values = matrix.subarray(row * nFeatures, (row + 1) * nFeatures);
    const { attributions } = explainMargin(model, matrix, row * nFeatures);
    const byPaths = explainMarginByPaths(model, matrix, row * nFeatures).attributions;
    bruteForceShapley(model, values).forEach((value, feature) => {
      assertClose(attributions[feature] as number, value, `tables: row ${row}, feature ${feature}`);
      assertClose(byPaths[feature] as number, value, `Algorithm 2: row ${row}, feature ${feature}`);
    });
  }
  const longer = randomModel(2, 1, 9, 23);
  assert.ok(longer.trees.some((tree) => treeDepth(tree) === 9));
  assert.equal(buildShapTables(longer), undefined, 'a path of 9 splits keeps Algorithm 2');
});

test('tables: the attributions do not depend on how a tree numbers its nodes (same terms, same order)', async () => {
  for (const model of [
    randomModel(6, 8, 5, 31),
    gbdtModelFromJson(treesOf(await readModelFile('x-fake-follower'))),
  ]) {
    const renumbered = { ...model, trees: model.trees.map(breadthFirst) };
    const matrix = randomMatrix(30, model.nFeatures, 32, 0.2);
    for (let row = 0; row < 30; row++) {
      assert.deepEqual(
        explainMargin(renumbered, matrix, row * model.nFeatures).attributions,
        explainMargin(model, matrix, row * model.nFeatures).attributions,
      );
    }
  }
});
