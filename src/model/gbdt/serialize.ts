// The JSON form of a trained GBDT (params, base score, trees): its zod schema and exact, deterministic conversion.
import { z } from 'zod';
import type { GbdtModel } from './model.ts';
import { type GbdtParams, gbdtParamsSchema } from './params.ts';
import { type TreeJson, treeFromJson, treeToJson } from './tree.ts';

const nodeIndexSchema = z.int().min(-1);

/** Node arrays of equal length; z.number() admits no NaN or Infinity, so every value survives JSON exactly. */
export const treeJsonSchema = z.object({
  feature: z.array(nodeIndexSchema).min(1),
  threshold: z.array(z.number()),
  missingLeft: z.array(z.union([z.literal(0), z.literal(1)])),
  left: z.array(nodeIndexSchema),
  right: z.array(nodeIndexSchema),
  value: z.array(z.number()),
  cover: z.array(z.number().positive()),
});

export const gbdtModelJsonSchema = z
  .object({
    nFeatures: z.int().min(1),
    baseScore: z.number(),
    params: gbdtParamsSchema,
    trees: z.array(treeJsonSchema),
  })
  .superRefine((model, context) => {
    model.trees.forEach((tree, index) => {
      const problem = treeStructureProblem(tree, model.nFeatures);
      if (problem !== undefined)
        context.addIssue({ code: 'custom', path: ['trees', index], message: problem });
    });
  });

export type GbdtModelJson = z.infer<typeof gbdtModelJsonSchema>;

/**
 * Why the node arrays do not form a tree scorable with `nFeatures` features, or undefined when they do: arrays of
 * one length; a split has a feature in range and two children with larger indices; a leaf has no children (-1);
 * every node but the root has exactly one parent.
 */
function treeStructureProblem(tree: TreeJson, nFeatures: number): string | undefined {
  const nodeCount = tree.feature.length;
  for (const key of ['threshold', 'missingLeft', 'left', 'right', 'value', 'cover'] as const) {
    if (tree[key].length !== nodeCount)
      return `${key} has ${tree[key].length} entries for ${nodeCount} nodes`;
  }
  const parents = new Int32Array(nodeCount);
  for (let node = 0; node < nodeCount; node++) {
    const feature = tree.feature[node] as number;
    const left = tree.left[node] as number;
    const right = tree.right[node] as number;
    if (feature < 0) {
      if (left !== -1 || right !== -1) return `leaf ${node} has children`;
      continue;
    }
    if (feature >= nFeatures) return `node ${node} splits on feature ${feature} of ${nFeatures}`;
    for (const child of [left, right]) {
      if (child <= node || child >= nodeCount) return `node ${node} has child ${child} out of order or range`;
      parents[child] = (parents[child] as number) + 1;
    }
  }
  for (let node = 1; node < nodeCount; node++) {
    if (parents[node] !== 1) return `node ${node} has ${parents[node]} parents`;
  }
  return undefined;
}

/** Plain JSON with every double exact (JSON.stringify writes the shortest round-tripping form), keys in a fixed order. */
export function gbdtModelToJson(model: GbdtModel): GbdtModelJson {
  const params = Object.fromEntries(
    Object.keys(gbdtParamsSchema.shape).map((key) => [key, model.params[key as keyof GbdtParams]]),
  ) as GbdtParams;
  return {
    nFeatures: model.nFeatures,
    baseScore: model.baseScore,
    params,
    trees: model.trees.map(treeToJson),
  };
}

/** The model of JSON already validated by `gbdtModelJsonSchema` (alone or inside a larger model-file schema). */
export function gbdtModelFromJson(json: GbdtModelJson): GbdtModel {
  return {
    nFeatures: json.nFeatures,
    baseScore: json.baseScore,
    params: json.params,
    trees: json.trees.map(treeFromJson),
  };
}
