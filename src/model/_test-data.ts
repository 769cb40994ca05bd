// Seeded synthetic rows and random trees for the model's tests (not part of the library).
import type { GbdtModel } from './gbdt/model.ts';
import { defaultGbdtParams } from './gbdt/params.ts';
import type { Tree } from './gbdt/tree.ts';
import type { LabelledMatrix } from './labelled-matrix.ts';
import { createSeededRandom } from './seeded-random.ts';

/**
 * Rows of uniform features in [-1, 1], with `missingShare` of values NaN. The label is drawn from a logistic of a
 * nonlinear score over features 0-3 (times `sharpness`), so a good model separates the classes well.
 */
export function syntheticRows(
  nRows: number,
  nFeatures: number,
  seed: number,
  { missingShare = 0.05, sharpness = 4 } = {},
): LabelledMatrix {
  const random = createSeededRandom(seed);
  const matrix = new Float64Array(nRows * nFeatures);
  const labels = new Uint8Array(nRows);
  for (let row = 0; row < nRows; row++) {
    const values = Array.from({ length: nFeatures }, () => random() * 2 - 1);
    const score =
      1.5 * (values[0] ?? 0) - (values[1] ?? 0) ** 2 * 2 + 0.5 + (values[2] ?? 0) * (values[3] ?? 0) * 2;
    labels[row] = random() < 1 / (1 + Math.exp(-sharpness * score)) ? 1 : 0;
    values.forEach((value, feature) => {
      matrix[row * nFeatures + feature] = random() < missingShare ? Number.NaN : value;
    });
  }
  return { matrix, labels, nFeatures };
}

/**
 * A random tree of depth at most `maxDepth` over `nFeatures` features, with consistent covers (a split's cover is its
 * children's sum), random missing sides, and splits that may repeat a feature along a path.
 */
function randomTree(nFeatures: number, maxDepth: number, random: () => number): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const missingLeft: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const cover: number[] = [];
  const grow = (depth: number, nodeCover: number): number => {
    const node = feature.length;
    feature.push(-1);
    threshold.push(0);
    missingLeft.push(0);
    left.push(-1);
    right.push(-1);
    value.push(0);
    cover.push(nodeCover);
    if (depth === maxDepth || (depth > 0 && random() < 0.25)) {
      value[node] = random() * 2 - 1;
      return node;
    }
    feature[node] = Math.floor(random() * nFeatures);
    threshold[node] = random() * 2 - 1;
    missingLeft[node] = random() < 0.5 ? 1 : 0;
    const leftCover = nodeCover * (0.1 + 0.8 * random());
    left[node] = grow(depth + 1, leftCover);
    right[node] = grow(depth + 1, nodeCover - leftCover);
    return node;
  };
  grow(0, 100);
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    missingLeft: Uint8Array.from(missingLeft),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
    cover: Float64Array.from(cover),
  };
}

export function randomModel(nFeatures: number, nTrees: number, maxDepth: number, seed: number): GbdtModel {
  const random = createSeededRandom(seed);
  const trees = Array.from({ length: nTrees }, () => randomTree(nFeatures, maxDepth, random));
  return { nFeatures, baseScore: random() - 0.5, trees, params: defaultGbdtParams };
}

/** Uniform rows in [-1, 1] with `missingShare` NaN. */
export function randomMatrix(
  nRows: number,
  nFeatures: number,
  seed: number,
  missingShare = 0.2,
): Float64Array {
  const random = createSeededRandom(seed);
  return Float64Array.from({ length: nRows * nFeatures }, () =>
    random() < missingShare ? Number.NaN : random() * 2 - 1,
  );
}
