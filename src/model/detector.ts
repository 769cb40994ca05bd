// A loaded model ready to score followers: calibrated p(fake), the top reasons in words, and whether a follower is unlike the training data — from one model's trees, or from the union of kind models.
//
// A union model (model-file.ts, `members`; the bundled x: the noisy-or of x-fake-follower and x-spam-bot) has no
// trees of its own. Each member scores the follower on its own features (columns of the union's feature row) into its
// calibrated p_k, and p(fake) = calibration(logit(1 - Π(1 - p_k))), the calibration fitted on out-of-fold union
// scores (train-model-file.ts). `pKind` gives the p_k themselves.
//
// A union's reasons come from the member with the highest p_k — the kind that dominates the union: the noisy-or is at
// least that p_k, and little more whenever the other kinds are unlikely — by that member's exact TreeSHAP attributions
// of its own margin, each reason naming the kind ("raised suspicion of a spam bot"); they are ranked towards the
// union's verdict. The union's log-odds is not a sum over trees, so no exact TreeSHAP exists for it, and a weighted
// mix of both members' attributions would add log-odds of different models; the dominating member's attributions are
// exact, keep their sign, and say which suspicion they are about.
import type { Account, Platform } from '../core/account.ts';
import { InputError } from '../core/errors.ts';
import { type FeatureSet, selectFeatures } from '../features/index.ts';
import { applyCalibration } from './calibrate.ts';
import { unlikeness } from './domain-profile.ts';
import { explainMargin } from './explain/explain.ts';
import { type Reason, topReasons } from './explain/reasons.ts';
import type { FollowerKind } from './follower-kinds.ts';
import type { GbdtModel } from './gbdt/model.ts';
import { predictMargin, predictMargins } from './gbdt/predict.ts';
import { gbdtModelFromJson } from './gbdt/serialize.ts';
import { noisyOrMargin } from './logistic.ts';
import {
  checkUnionMembers,
  type ModelFile,
  modelFileSha256,
  readModelWithMembers,
  treesOf,
} from './model-file.ts';

export type { Reason } from './explain/reasons.ts';

export interface FollowerScore {
  /** Calibrated probability of being fake (or a bot, per the model's positive labels). */
  pFake: number;
  /** The raw margin (log-odds) before calibration. */
  margin: number;
  /** Share of the follower's known features outside the central 99 % of the training data. */
  unlikeness: number;
  /** True when the follower is unlike what the model was trained on: its score deserves less trust. */
  unlikeTraining: boolean;
  /** The strongest reasons for the verdict, strongest first (when asked for). */
  reasons?: Reason[];
  /** A union model's members' calibrated p, one per kind (absent for a model with trees of its own). */
  pKind?: Partial<Record<FollowerKind, number>>;
}

/** One member of a union: the kind it scores and its own detector. */
export interface KindMember {
  kind: FollowerKind;
  detector: Detector;
}

export interface Detector {
  readonly model: ModelFile;
  readonly featureSet: FeatureSet;
  /** Scores one account; `reasons` > 0 adds that many reasons (exact TreeSHAP, slower). */
  score(account: Account, reasons?: number): FollowerScore;
  /**
   * Calibrated p(fake) for many rows of this model's features (row-major), into `out`. A union also writes each
   * member's p into `memberOut[k]` when given (one array per member, in `members` order): the kind scores at no cost.
   */
  scoreRows(matrix: Float64Array, out: Float64Array, memberOut?: readonly Float64Array[]): Float64Array;
  /**
   * The fast path for many accounts: features into one matrix, trees over all rows at once. Returns p(fake) and,
   * per account, 1 when it is unlike the training data.
   */
  scoreAccounts(accounts: readonly Account[]): { pFake: Float64Array; unlikeTraining: Uint8Array };
  /** The margin and calibrated probability of one row. */
  probability(margin: number): number;
  /** A union model's members, in the model file's order (undefined for a model with trees of its own). */
  readonly members?: readonly KindMember[];
}

/** The bundled model for each platform: the X and Instagram models where labelled data exists, else the general one. */
export function modelNameForPlatform(platform: Platform): 'x' | 'instagram' | 'general' {
  return platform === 'x' ? 'x' : platform === 'instagram' ? 'instagram' : 'general';
}

/**
 * A detector for a model file; a union model needs its member model files (in its `members` order), which are checked
 * against it (model-file.ts, checkUnionMembers).
 */
export function createDetector(model: ModelFile, members: readonly ModelFile[] = []): Detector {
  if (model.members === undefined) return createTreeDetector(model).detector;
  if (members.length === 0)
    throw new InputError(
      `the ${model.name} model is a union of ${model.members.map((member) => member.model).join(' and ')}: give their model files too (readModelWithMembers), or load it with loadDetector`,
    );
  checkUnionMembers(
    model,
    members.map((member) => ({
      model: member,
      sha256: modelFileSha256(member),
      source: `member ${member.name}`,
    })),
    `the ${model.name} model`,
  );
  return createUnionDetector(
    model,
    model.members.map((member, k) => ({ kind: member.kind, ...createTreeDetector(members[k] as ModelFile) })),
  );
}

/** A follower's score from its feature row: p(fake), its margin and how unlike the training data the row is. */
function scoreOfRow(model: ModelFile, row: Float64Array, margin: number, pFake: number): FollowerScore {
  const unlike = unlikeness(model.domain, row, 0);
  return { pFake, margin, unlikeness: unlike, unlikeTraining: unlike > model.domain.threshold };
}

function createTreeDetector(model: ModelFile): { detector: Detector; gbdt: GbdtModel } {
  const featureSet = selectFeatures(model.features);
  const gbdt: GbdtModel = gbdtModelFromJson(treesOf(model));
  const width = featureSet.names.length;
  const row = new Float64Array(width);
  const probability = (margin: number) => applyCalibration(model.calibration, margin);
  const detector: Detector = {
    model,
    featureSet,
    probability,
    score(account, reasons = 0) {
      featureSet.extract(account, row, 0);
      const margin = predictMargin(gbdt, row, 0);
      const pFake = probability(margin);
      const score = scoreOfRow(model, row, margin, pFake);
      if (reasons > 0) {
        const { attributions } = explainMargin(gbdt, row, 0);
        score.reasons = topReasons(
          attributions,
          row,
          featureSet.features,
          account,
          pFake >= model.threshold,
          reasons,
        );
      }
      return score;
    },
    scoreAccounts(accounts) {
      const matrix = new Float64Array(accounts.length * width);
      for (let i = 0; i < accounts.length; i++) featureSet.extract(accounts[i] as Account, matrix, i * width);
      const pFake = new Float64Array(accounts.length);
      predictMargins(gbdt, matrix, pFake);
      const unlikeTraining = new Uint8Array(accounts.length);
      for (let i = 0; i < accounts.length; i++) {
        pFake[i] = probability(pFake[i] as number);
        unlikeTraining[i] = unlikeness(model.domain, matrix, i * width) > model.domain.threshold ? 1 : 0;
      }
      return { pFake, unlikeTraining };
    },
    scoreRows(matrix, out) {
      predictMargins(gbdt, matrix, out);
      for (let i = 0; i < out.length; i++) out[i] = probability(out[i] as number);
      return out;
    },
  };
  return { detector, gbdt };
}

/** A union member's parts: its detector, its trees, and where each of its features sits in the union's row. */
interface UnionPart {
  kind: FollowerKind;
  detector: Detector;
  gbdt: GbdtModel;
  /** The union row's column of each member feature; undefined when the member's features are the union's. */
  columns: Int32Array | undefined;
}

function createUnionDetector(
  model: ModelFile,
  members: readonly { kind: FollowerKind; detector: Detector; gbdt: GbdtModel }[],
): Detector {
  const featureSet = selectFeatures(model.features);
  const width = featureSet.names.length;
  const parts: UnionPart[] = members.map((member) => {
    const names = member.detector.featureSet.names;
    const same = names.length === width && names.every((name, j) => name === featureSet.names[j]);
    return {
      ...member,
      columns: same ? undefined : Int32Array.from(names, (name) => featureSet.names.indexOf(name)),
    };
  });
  const row = new Float64Array(width);
  const memberRows = parts.map((part) => new Float64Array(part.detector.featureSet.names.length));
  const probability = (margin: number) => applyCalibration(model.calibration, margin);
  /** The member's columns of `rows` rows of the union's matrix (the matrix itself when they are the same). */
  const project = (part: UnionPart, matrix: Float64Array, rows: number, into: Float64Array): Float64Array => {
    const { columns } = part;
    if (columns === undefined) return matrix.subarray(0, rows * width);
    const memberWidth = columns.length;
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < memberWidth; j++)
        into[i * memberWidth + j] = matrix[i * width + (columns[j] as number)] as number;
    return into.subarray(0, rows * memberWidth);
  };
  let memberMatrix = new Float64Array(0);
  let memberScratch: Float64Array[] = [];
  const scoreRows = (matrix: Float64Array, out: Float64Array, memberOut?: readonly Float64Array[]) => {
    const rows = out.length;
    if (memberOut === undefined && (memberScratch[0]?.length ?? -1) < rows)
      memberScratch = parts.map(() => new Float64Array(rows));
    const kindScores = memberOut ?? memberScratch;
    parts.forEach((part, k) => {
      const memberWidth = part.detector.featureSet.names.length;
      if (part.columns !== undefined && memberMatrix.length < rows * memberWidth)
        memberMatrix = new Float64Array(rows * memberWidth);
      part.detector.scoreRows(
        project(part, matrix, rows, memberMatrix),
        (kindScores[k] as Float64Array).subarray(0, rows),
      );
    });
    for (let i = 0; i < rows; i++) {
      let none = 1;
      for (let k = 0; k < parts.length; k++) none *= 1 - ((kindScores[k] as Float64Array)[i] as number);
      out[i] = probability(noisyOrMargin(none));
    }
    return out;
  };
  return {
    model,
    featureSet,
    probability,
    members: parts.map(({ kind, detector }) => ({ kind, detector })),
    score(account, reasons = 0) {
      featureSet.extract(account, row, 0);
      const pKind: Partial<Record<FollowerKind, number>> = {};
      let none = 1;
      let dominant = 0;
      let highest = -1;
      parts.forEach((part, k) => {
        const memberRow = project(part, row, 1, memberRows[k] as Float64Array);
        const p = part.detector.probability(predictMargin(part.gbdt, memberRow, 0));
        pKind[part.kind] = p;
        none *= 1 - p;
        if (p > highest) {
          highest = p;
          dominant = k;
        }
      });
      const margin = noisyOrMargin(none);
      const pFake = probability(margin);
      const score: FollowerScore = { ...scoreOfRow(model, row, margin, pFake), pKind };
      if (reasons > 0) {
        const part = parts[dominant] as UnionPart;
        const memberRow = project(part, row, 1, memberRows[dominant] as Float64Array);
        const { attributions } = explainMargin(part.gbdt, memberRow, 0);
        score.reasons = topReasons(
          attributions,
          memberRow,
          part.detector.featureSet.features,
          account,
          pFake >= model.threshold,
          reasons,
          part.kind,
        );
      }
      return score;
    },
    scoreAccounts(accounts) {
      const matrix = new Float64Array(accounts.length * width);
      for (let i = 0; i < accounts.length; i++) featureSet.extract(accounts[i] as Account, matrix, i * width);
      const pFake = scoreRows(matrix, new Float64Array(accounts.length));
      const unlikeTraining = new Uint8Array(accounts.length);
      for (let i = 0; i < accounts.length; i++)
        unlikeTraining[i] = unlikeness(model.domain, matrix, i * width) > model.domain.threshold ? 1 : 0;
      return { pFake, unlikeTraining };
    },
    scoreRows,
  };
}

/** Loads a bundled model by name or a model file by path (a union with its members beside it). */
export async function loadDetector(nameOrPath: string): Promise<Detector> {
  const { model, members } = await readModelWithMembers(nameOrPath);
  return createDetector(model, members);
}
