// The trees of a model padded to complete heaps, walked eight rows at a time by a small WebAssembly function.

import { F64, I32, type WasmFunction, wasmModule } from '../../core/wasm-encoding.ts';
import type { GbdtModel } from './model.ts';
import { type Tree, treeDepth } from './tree.ts';

/**
 * Why WebAssembly: the same walk in JavaScript (eight rows in lockstep over the same heaps) ran at a speed that moved
 * by up to 2x between processes on the same rows, with what V8 had seen before it optimised the walk (which tree
 * depths, whether the loop was entered by on-stack replacement) and what else the process had loaded; and each step
 * paid three bounds checks. A WebAssembly function has no type feedback to speculate on, so its optimised code is the
 * same in every process (the first calls run V8's baseline code for it until that is ready: the walk is called per
 * chunk of rows, so the next chunk picks it up), and its loads need no bounds checks (guard pages catch them).
 *
 * Layout, in bytes of the walk's memory:
 * - [0, 128 x nFeatures): a group of eight widened rows, slot-major: slot j of row k at 64 j + 8 k. Slots j <
 *   nFeatures hold the row's value with NaN as +Infinity (for splits whose missing values go right: +Infinity is above
 *   every threshold), slots nFeatures + j the same with NaN as -Infinity (missing values go left). So a split never
 *   tests for a missing value, and row k of a split reads its slot's byte offset plus the constant 8 k.
 * - the tree table: per tree, 16 bytes: its nodes' base, its leaves' base, its depth (int32 each).
 * - the nodes: each tree padded to the complete heap of its own depth (a lone leaf counts as depth 1), 16 bytes a
 *   node: the threshold (float64), then its slot's byte offset (int32). Node m (1 for the root) is at nodes' base +
 *   16 m, and its children are 2m and 2m + 1, so a walk reads no child pointers and takes exactly the tree's depth
 *   in steps: m becomes 2m + (value > threshold). A leaf above the last level is copied to every descendant on the
 *   last level, under splits that read slot 0 (either way leads to the same value).
 * - the leaves: a walk of a tree ending at node m reads the float64 at leaves' base + 8 m.
 * - CHUNK_ROWS rows of the matrix, then their CHUNK_ROWS margins.
 * The margins are bit for bit those of the plain walk: each tree's leaf is added in order to the base score.
 */

/** Deeper trees keep the pointer walk: a complete heap doubles with every level. */
export const MAX_HEAP_DEPTH = 10;
/** Heap nodes over all trees above which the heaps are not built (24 bytes each: a node, a leaf). */
const MAX_HEAP_NODES = 1 << 20;
/** Rows copied into the walk's memory and scored per call. */
const CHUNK_ROWS = 2048;
const LANES = 8;
const PAGE = 65_536;

/** A model's heaps in their WebAssembly memory, and the walk over them. */
export interface HeapWalk {
  nFeatures: number;
  /** The margins of the rows of a row-major matrix, into `out` (one per row). */
  margins(matrix: Float64Array, out: Float64Array): void;
  /** The margin of the row at `row[offset .. offset + nFeatures)`. */
  margin(row: Float64Array, offset: number): number;
}

const lanes = (count: number, line: (lane: number) => string): string =>
  Array.from({ length: count }, (_, lane) => line(lane)).join('\n');

/**
 * walk(matrix, out, rows, nFeatures, trees, treesEnd, baseScore) writes the margins of `rows` rows at `matrix` to
 * `out`, `count` rows in lockstep (a last group short of `count` repeats the last row, whose margins are not written).
 * Each tree's root split is read once for all the group's rows; then depth - 1 steps, then the leaf.
 */
function walkFunction(name: string, count: number): WasmFunction {
  return {
    name,
    params: [
      ['matrix', I32],
      ['out', I32],
      ['rows', I32],
      ['nFeatures', I32],
      ['trees', I32],
      ['treesEnd', I32],
      ['baseScore', F64],
    ],
    locals: [
      ...(
        ['group', 'lane', 'source', 'target', 'sourceEnd', 'missingLeft', 'rowBytes', 'lastRow'] as const
      ).map((local): [string, number] => [local, I32]),
      ...(['tree', 'nodes', 'leaves', 'level', 'rootSlot', 'at'] as const).map((local): [string, number] => [
        local,
        I32,
      ]),
      ['value', F64],
      ['rootThreshold', F64],
      ...Array.from({ length: count }, (_, lane): [string, number] => [`node${lane}`, I32]),
      ...Array.from({ length: count }, (_, lane): [string, number] => [`margin${lane}`, F64]),
    ],
    body: `
      local.get $nFeatures  i32.const 64  i32.mul  local.set $missingLeft
      local.get $nFeatures  i32.const 8  i32.mul  local.set $rowBytes
      local.get $rows  i32.const 1  i32.sub  local.set $lastRow
      block loop
        local.get $group  local.get $rows  i32.ge_s  br_if 1
        ;; widen the group's rows: slot j of lane k at 64 j + 8 k
        i32.const 0  local.set $lane
        loop
          ;; source = matrix + min(group + lane, lastRow) x rowBytes
          local.get $group  local.get $lane  i32.add  local.tee $source
          local.get $lastRow  local.get $source  local.get $lastRow  i32.lt_s  select
          local.get $rowBytes  i32.mul  local.get $matrix  i32.add  local.tee $source
          local.get $rowBytes  i32.add  local.set $sourceEnd
          local.get $lane  i32.const 3  i32.shl  local.set $target
          block
            local.get $source  local.get $sourceEnd  i32.ge_s  br_if 0
            loop
              local.get $source  f64.load  local.set $value
              local.get $target
              local.get $value  f64.const inf  local.get $value  local.get $value  f64.eq  select
              f64.store
              local.get $target  local.get $missingLeft  i32.add
              local.get $value  f64.const -inf  local.get $value  local.get $value  f64.eq  select
              f64.store
              local.get $source  i32.const 8  i32.add  local.set $source
              local.get $target  i32.const 64  i32.add  local.set $target
              local.get $source  local.get $sourceEnd  i32.lt_s  br_if 0
            end
          end
          local.get $lane  i32.const 1  i32.add  local.tee $lane  i32.const ${count}  i32.lt_s  br_if 0
        end
        ${lanes(count, (k) => `local.get $baseScore  local.set $margin${k}`)}
        local.get $trees  local.set $tree
        block
          local.get $tree  local.get $treesEnd  i32.ge_s  br_if 0
          loop
            ;; the root: node 1, its threshold at nodes + 16, its slot at nodes + 24
            local.get $tree  i32.load  local.tee $nodes  i32.load offset=24  local.set $rootSlot
            local.get $nodes  f64.load offset=16  local.set $rootThreshold
            ${lanes(
              count,
              (k) => `local.get $rootSlot  f64.load offset=${8 * k}  local.get $rootThreshold  f64.gt
                i32.const 2  i32.add  local.set $node${k}`,
            )}
            local.get $tree  i32.load offset=8  i32.const 1  i32.sub  local.tee $level
            if loop
              ;; node = 2 node + (value > threshold), the node at nodes + 16 node
              ${lanes(
                count,
                (k) => `local.get $node${k}  i32.const 4  i32.shl  local.get $nodes  i32.add  local.tee $at
                  i32.load offset=8  f64.load offset=${8 * k}  local.get $at  f64.load  f64.gt
                  local.get $node${k}  i32.const 1  i32.shl  i32.add  local.set $node${k}`,
              )}
              local.get $level  i32.const 1  i32.sub  local.tee $level  br_if 0
            end end
            local.get $tree  i32.load offset=4  local.set $leaves
            ${lanes(
              count,
              (k) => `local.get $margin${k}
                local.get $node${k}  i32.const 3  i32.shl  local.get $leaves  i32.add  f64.load
                f64.add  local.set $margin${k}`,
            )}
            local.get $tree  i32.const 16  i32.add  local.tee $tree  local.get $treesEnd  i32.lt_s  br_if 0
          end
        end
        ${lanes(
          count,
          (k) => `local.get $group  i32.const ${k}  i32.add  local.get $rows  i32.lt_s
            if
              local.get $group  i32.const ${k}  i32.add  i32.const 3  i32.shl  local.get $out  i32.add
              local.get $margin${k}  f64.store
            end`,
        )}
        local.get $group  i32.const ${count}  i32.add  local.set $group
        br 0
      end end`,
  };
}

let walkModule: WebAssembly.Module | undefined;

/** The walk's compiled module, one per thread (its memory, and so the model, is given at instantiation). */
function compiledWalk(): WebAssembly.Module {
  walkModule ??= new WebAssembly.Module(
    wasmModule(1, [walkFunction('walk', LANES), walkFunction('walkOne', 1)]),
  );
  return walkModule;
}

type Walk = (
  matrix: number,
  out: number,
  rows: number,
  nFeatures: number,
  trees: number,
  treesEnd: number,
  baseScore: number,
) => void;

/** A lone leaf counts as depth 1 (a root whose two sides hold its value), so every walk starts with a split. */
const depthOf = (tree: Tree): number => Math.max(1, treeDepth(tree));

/** The heaps of a model and their walk, or undefined when its trees are too deep to pad. */
export function buildHeapWalk(model: GbdtModel): HeapWalk | undefined {
  const { nFeatures, trees } = model;
  const depths = trees.map(depthOf);
  if (depths.some((depth) => depth > MAX_HEAP_DEPTH)) return undefined;
  const nodeCount = depths.reduce((sum, depth) => sum + 2 ** depth - 1, 0);
  if (nodeCount > MAX_HEAP_NODES) return undefined;
  const leafCount = depths.reduce((sum, depth) => sum + 2 ** depth, 0);
  const treesAt = 128 * nFeatures;
  const nodesAt = treesAt + 16 * trees.length;
  const leavesAt = nodesAt + 16 * nodeCount;
  const matrixAt = leavesAt + 8 * leafCount;
  const outAt = matrixAt + 8 * CHUNK_ROWS * nFeatures;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((outAt + 8 * CHUNK_ROWS) / PAGE) });
  const ints = new Int32Array(memory.buffer);
  const doubles = new Float64Array(memory.buffer);
  let nodes = nodesAt;
  let leaves = leavesAt;
  trees.forEach((tree, index) => {
    const depth = depths[index] as number;
    const nodeBase = nodes - 16;
    const leafBase = leaves - 8 * 2 ** depth;
    ints.set([nodeBase, leafBase, depth], (treesAt + 16 * index) / 4);
    const place = (source: number, node: number, level: number): void => {
      const feature = tree.feature[source] as number;
      if (level === depth) {
        doubles[(leafBase + 8 * node) / 8] = tree.value[source] as number;
        return;
      }
      const at = nodeBase + 16 * node;
      if (feature < 0) {
        place(source, 2 * node, level + 1);
        place(source, 2 * node + 1, level + 1);
        return;
      }
      doubles[at / 8] = tree.threshold[source] as number;
      ints[(at + 8) / 4] = 64 * (tree.missingLeft[source] === 1 ? nFeatures + feature : feature);
      place(tree.left[source] as number, 2 * node, level + 1);
      place(tree.right[source] as number, 2 * node + 1, level + 1);
    };
    place(0, 1, 0);
    nodes += 16 * (2 ** depth - 1);
    leaves += 8 * 2 ** depth;
  });
  const instance = new WebAssembly.Instance(compiledWalk(), { env: { memory } });
  const walk = instance.exports.walk as Walk;
  const walkOne = instance.exports.walkOne as Walk;
  const treesEnd = treesAt + 16 * trees.length;
  const { baseScore } = model;
  const chunk = doubles.subarray(matrixAt / 8, matrixAt / 8 + CHUNK_ROWS * nFeatures);
  const chunkOut = doubles.subarray(outAt / 8, outAt / 8 + CHUNK_ROWS);
  return {
    nFeatures,
    margins(matrix, out) {
      for (let first = 0; first < out.length; first += CHUNK_ROWS) {
        const rows = Math.min(CHUNK_ROWS, out.length - first);
        chunk.set(matrix.subarray(first * nFeatures, (first + rows) * nFeatures));
        walk(matrixAt, outAt, rows, nFeatures, treesAt, treesEnd, baseScore);
        out.set(chunkOut.subarray(0, rows), first);
      }
    },
    margin(row, offset) {
      chunk.set(row.subarray(offset, offset + nFeatures));
      walkOne(matrixAt, outAt, 1, nFeatures, treesAt, treesEnd, baseScore);
      return chunkOut[0] as number;
    },
  };
}
