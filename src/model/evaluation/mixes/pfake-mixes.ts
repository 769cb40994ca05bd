// Chooses what p(fake) is for X — the probability the audit counts — by how well each candidate ranks unseen bought followers and unseen spam bots against unseen humans.
//
// Candidates and criterion are fixed before the run. The tests are the per-kind protocols (kind-mixes.ts): bought
// followers — one seeded half of cresci-2015 INT against the humans of a held-out collection, that collection left
// out of training whole; spam bots — each collection with spam bots and humans held out whole.
import type { Label } from '../../../core/account.ts';
import { rocAuc } from '../../metrics/metrics.ts';
import type { LabelledAccounts } from '../../training/labelled-data.ts';
import {
  AGE_FEATURES,
  candidateProbabilities,
  KIND_CANDIDATES,
  KIND_HELD_OUT,
  type KindCandidate,
  kindProtocolRows,
  OTHER_FAKE_COLLECTIONS,
  SPAM_BOT_SIGNS,
  SPAM_COLLECTIONS,
} from '../kind-mixes.ts';

type Rows = Pick<LabelledAccounts, 'accounts' | 'labels' | 'collections'>;

const fakesAndSpam = (collection: string, label: Label) =>
  label === 'human' || label === 'fake' || (label === 'bot' && SPAM_COLLECTIONS.includes(collection));

/** A single model, or the noisy-or 1 - (1 - p_fake follower)(1 - p_spam bot) of two kind models. */
export type PFakeCandidate =
  | { name: string; description: string; model: KindCandidate }
  | { name: string; description: string; union: { fake: string; bot: string } };

/** Fixed before the run. */
export const PFAKE_CANDIDATES: readonly PFakeCandidate[] = [
  {
    name: 'x-today',
    description:
      'the bundled x before this choice: bought fakes and spam bots against every human, all features',
    model: { name: 'x-today', description: '', features: 'all', trainsOn: fakesAndSpam },
  },
  {
    name: 'fakes-and-spam-general',
    description: 'as x-today, on the 20 features every platform has',
    model: { name: 'fakes-and-spam-general', description: '', features: 'general', trainsOn: fakesAndSpam },
  },
  {
    name: 'fakes-and-spam-general-no-age',
    description: 'as fakes-and-spam-general, without account age and the rates per day of age (AGE_FEATURES)',
    model: {
      name: 'fakes-and-spam-general-no-age',
      description: '',
      features: 'general',
      exclude: AGE_FEATURES,
      trainsOn: fakesAndSpam,
    },
  },
  {
    name: 'fakes-and-spam-general-monotone',
    description:
      'as fakes-and-spam-general, monotone in the signs the literature fixes for both kinds (SPAM_BOT_SIGNS: the following/follower ratio)',
    model: {
      name: 'fakes-and-spam-general-monotone',
      description: '',
      features: 'general',
      trainsOn: fakesAndSpam,
      monotone: SPAM_BOT_SIGNS,
    },
  },
  {
    name: 'fakes-and-spam-general-monotone-depth3',
    description: 'as fakes-and-spam-general-monotone, trees of depth 3',
    model: {
      name: 'fakes-and-spam-general-monotone-depth3',
      description: '',
      features: 'general',
      trainsOn: fakesAndSpam,
      monotone: SPAM_BOT_SIGNS,
      maxDepth: 3,
    },
  },
  {
    name: 'union-of-kinds',
    description:
      "noisy-or of the two kind models' candidates chosen by their own criterion (measured for reference: the audit's card needs one model's out-of-fold scores)",
    union: { fake: 'chosen', bot: 'chosen' },
  },
];

export const PFAKE_CRITERION =
  "highest mean ROC AUC on the bought-follower tests (held-out half of INT against each held-out human collection every candidate could be tested on), among the single-model candidates whose mean ROC AUC on the spam-bot tests is at most 0.02 below x-today's (fixed before the run)";

export interface PFakeResult {
  candidate: string;
  description: string;
  fake: Record<string, number | null>;
  bot: Record<string, number | null>;
  otherFakes: Record<string, number | null>;
  fakeMean: number | null;
  botMean: number | null;
}

export interface PFakeComparison {
  fakeHeldOut: readonly string[];
  botHeldOut: readonly string[];
  common: string[];
  results: PFakeResult[];
  best: string;
  criterion: string;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Every candidate (or those named in `only`, which must include x-today, the criterion's baseline) on both protocols.
 * `chosen` names the kind candidates the kind comparisons chose (what the union candidate combines).
 */
export function comparePFakeCandidates(
  labelled: Rows,
  chosen: { fake: string; bot: string },
  log: (line: string) => void = () => {},
  only?: readonly string[],
): PFakeComparison {
  const candidates =
    only === undefined
      ? PFAKE_CANDIDATES
      : PFAKE_CANDIDATES.filter((candidate) => only.includes(candidate.name));
  if (!candidates.some((candidate) => candidate.name === 'x-today'))
    throw new Error(
      'comparePFakeCandidates: the candidates must include x-today (the criterion compares with it)',
    );
  const label = (row: number) => labelled.labels[row] as Label;
  const collection = (row: number) => labelled.collections[row] as string;
  const { rows, testedFakes } = kindProtocolRows(labelled);
  const kindCandidate = (kind: 'fake' | 'bot') =>
    KIND_CANDIDATES[kind].find((candidate) => candidate.name === chosen[kind]) as KindCandidate;

  /** p(fake) of testRows from the candidate trained on the rows `allowed` lets through. */
  const scores = (
    candidate: PFakeCandidate,
    allowed: (row: number) => boolean,
    testRows: readonly number[],
  ): Float64Array | undefined => {
    if ('model' in candidate) {
      const trainRows = rows.filter(
        (row) => allowed(row) && candidate.model.trainsOn(collection(row), label(row)),
      );
      return candidateProbabilities(
        labelled,
        candidate.model,
        trainRows,
        testRows,
        (row) => label(row) !== 'human',
      );
    }
    const parts = (['fake', 'bot'] as const).map((kind) => {
      const model = kindCandidate(kind);
      const trainRows = rows.filter((row) => allowed(row) && model.trainsOn(collection(row), label(row)));
      return candidateProbabilities(labelled, model, trainRows, testRows, (row) => label(row) === kind);
    });
    const [fake, bot] = parts;
    if (fake === undefined || bot === undefined) return undefined;
    return fake.map((p, i) => 1 - (1 - p) * (1 - (bot[i] as number)));
  };
  const auc = (probabilities: Float64Array | undefined, testRows: readonly number[]) =>
    probabilities === undefined
      ? null
      : (rocAuc(
          probabilities,
          Uint8Array.from(testRows, (row) => (label(row) === 'human' ? 0 : 1)),
        ) ?? null);

  const results = candidates.map((candidate): PFakeResult => {
    const fake: Record<string, number | null> = {};
    for (const held of KIND_HELD_OUT.fake) {
      log(`p(fake) ${candidate.name}: bought followers, held out ${held}`);
      const testRows = rows.filter(
        (row) => testedFakes.has(row) || (collection(row) === held && label(row) === 'human'),
      );
      fake[held] = auc(
        scores(candidate, (row) => !testedFakes.has(row) && collection(row) !== held, testRows),
        testRows,
      );
    }
    const bot: Record<string, number | null> = {};
    for (const held of KIND_HELD_OUT.bot) {
      log(`p(fake) ${candidate.name}: spam bots, held out ${held}`);
      const testRows = rows.filter(
        (row) => collection(row) === held && (label(row) === 'bot' || label(row) === 'human'),
      );
      bot[held] = auc(
        scores(candidate, (row) => collection(row) !== held, testRows),
        testRows,
      );
    }
    const otherFakes: Record<string, number | null> = {};
    for (const other of OTHER_FAKE_COLLECTIONS) {
      log(`p(fake) ${candidate.name}: tested on ${other}`);
      const testRows = labelled.labels
        .map((_, row) => row)
        .filter((row) => collection(row) === other && (label(row) === 'fake' || label(row) === 'human'));
      otherFakes[other] = auc(
        scores(candidate, () => true, testRows),
        testRows,
      );
    }
    return {
      candidate: candidate.name,
      description: candidate.description,
      fake,
      bot,
      otherFakes,
      fakeMean: null,
      botMean: null,
    };
  });
  const common = KIND_HELD_OUT.fake.filter((held) => results.every((result) => result.fake[held] != null));
  for (const result of results) {
    result.fakeMean = mean(common.map((held) => result.fake[held] as number));
    result.botMean = mean(KIND_HELD_OUT.bot.map((held) => result.bot[held]).filter((v) => v != null));
  }
  const baseline = results.find((result) => result.candidate === 'x-today')?.botMean ?? 0;
  const eligible = results.filter(
    (result) =>
      candidates.some((candidate) => candidate.name === result.candidate && 'model' in candidate) &&
      (result.botMean ?? 0) >= baseline - 0.02,
  );
  const best = [...eligible].sort((a, b) => (b.fakeMean ?? -1) - (a.fakeMean ?? -1))[0] as PFakeResult;
  return {
    fakeHeldOut: KIND_HELD_OUT.fake,
    botHeldOut: KIND_HELD_OUT.bot,
    common,
    results,
    best: best.candidate,
    criterion: PFAKE_CRITERION,
  };
}
