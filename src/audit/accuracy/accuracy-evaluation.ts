// The audit's fake share measured on the bundled models themselves: cross-fitted audiences (error, coverage, width) and the shift test on leave-one-collection-out audiences.
import { readEvaluationData } from '../../model/evaluation/evaluation-data.ts';
import {
  compareKindMixes,
  type KindComparison,
  OTHER_FAKE_COLLECTIONS,
} from '../../model/evaluation/kind-mixes.ts';
import { comparePFakeCandidates, type PFakeComparison } from '../../model/evaluation/mixes/pfake-mixes.ts';
import type { PeerResults } from '../../model/evaluation/report/peer-results.ts';
import { rocAuc } from '../../model/metrics/metrics.ts';
import { tooFewToCheck } from '../fake-share/fake-share-estimate.ts';
import { SHIFT_ALPHA, SHIFT_MATERIAL } from '../fake-share/feature-shift.ts';
import { SHIFT_MISFIT_LIMIT, SHIFT_UNLIKE_LIMIT } from '../fake-share/shift-test.ts';
import {
  type AudienceTrial,
  covers,
  rowsOf,
  runTrials,
  splitHalfTrials,
  summariseTrials,
  TRIAL_SHARES,
  type TrialPlan,
  type TrialSummary,
} from './audience-trials.ts';
import {
  bundledConfig,
  crossFittedPool,
  leftOutPool,
  type PoolFeatures,
  poolFeatures,
  type ScoredPool,
} from './scored-pools.ts';

/** Fixed before the first run: 40 audiences per share (200 per model), 1,000 followers (400 on Instagram). */
export const POOLED_PLAN: TrialPlan = { audiences: 40, size: 1000, seed: 20261129, replicates: 2000 };
export const INSTAGRAM_SIZE = 400;
/** Audiences of one collection (in-distribution, cross-fitted; or left out of training): 20 per share of 500. */
export const COLLECTION_PLAN: TrialPlan = { audiences: 20, size: 500, seed: 20261130, replicates: 500 };
/** The models whose shift test is measured by leaving collections out (Instagram has two collections only). */
export const SHIFT_MODELS = ['x', 'general'] as const;

export interface ModelAccuracy {
  model: string;
  size: number;
  byShare: { share: number; summary: TrialSummary }[];
  overall: TrialSummary;
  /** Audiences of one training collection each, cross-fitted. */
  collections: { collection: string; summary: TrialSummary }[];
}

export interface ShiftEvaluation {
  model: string;
  inDistribution: AudienceTrial[];
  leftOut: AudienceTrial[];
  /** The feature test on the split-half null (audience-trials.ts, splitHalfTrials). */
  splitHalf: { group: string; statistic: number; fires: boolean }[];
}

export interface AccuracyEvaluation {
  kinds: KindComparison[];
  pFake: PFakeComparison;
  models: ModelAccuracy[];
  shift: ShiftEvaluation[];
}

export const planFor = (model: string): TrialPlan =>
  model === 'instagram' ? { ...POOLED_PLAN, size: INSTAGRAM_SIZE } : POOLED_PLAN;

/** The pooled trials of one bundled model (what the README's table and the accuracy test report). */
export function pooledAccuracy(
  model: string,
  pool: ScoredPool,
  features?: PoolFeatures,
): Omit<ModelAccuracy, 'collections'> {
  const plan = planFor(model);
  const trials = runTrials(pool, 'pooled', rowsOf(pool), plan, features);
  return {
    model,
    size: plan.size,
    byShare: TRIAL_SHARES.map((share) => ({
      share,
      summary: summariseTrials(trials.filter((trial) => Math.abs(trial.truth - share) < 1e-9)),
    })),
    overall: summariseTrials(trials),
  };
}

const collectionsOf = (pool: ScoredPool) => [...new Set(pool.collection)];

/** A pool's features must be its rows': same count (row order is the trainer's, which both follow). */
function alignedOrThrow(pool: ScoredPool, features: PoolFeatures, what: string): void {
  if (features.matrix.length !== pool.p.length * features.nFeatures)
    throw new Error(
      `${what}: ${features.matrix.length / features.nFeatures} feature rows for ${pool.p.length} scored rows`,
    );
}

export async function runAccuracyEvaluation(
  datasetsRoot: string,
  log: (line: string) => void = () => {},
): Promise<AccuracyEvaluation> {
  const models: ModelAccuracy[] = [];
  const inDistribution = new Map<string, AudienceTrial[]>();
  const featuresOf = new Map<string, Awaited<ReturnType<typeof poolFeatures>>>();
  for (const model of ['x', 'instagram', 'general']) {
    log(`fake share: cross-fitting the bundled ${model} model`);
    const pool = await crossFittedPool(model, datasetsRoot);
    const features = await poolFeatures(model, datasetsRoot);
    featuresOf.set(model, features);
    alignedOrThrow(pool, features.crossFitted, `${model} cross-fitted`);
    const pooled = pooledAccuracy(model, pool, features.crossFitted);
    const collectionTrials = collectionsOf(pool).map((collection) => ({
      collection,
      trials: runTrials(pool, collection, rowsOf(pool, [collection]), COLLECTION_PLAN, features.crossFitted),
    }));
    models.push({
      ...pooled,
      collections: collectionTrials
        .filter(({ trials }) => trials.length > 0)
        .map(({ collection, trials }) => ({ collection, summary: summariseTrials(trials) })),
    });
    inDistribution.set(model, [
      ...runTrials(pool, 'pooled', rowsOf(pool), COLLECTION_PLAN, features.crossFitted),
      ...collectionTrials.flatMap(({ trials }) => trials),
    ]);
  }
  const shift: ShiftEvaluation[] = [];
  for (const model of SHIFT_MODELS) {
    const config = await bundledConfig(model);
    const leftOut: AudienceTrial[] = [];
    for (const collection of [...new Set(config.datasets.map((dataset) => dataset.collection))]) {
      log(`shift test: ${model} trained without ${collection}`);
      const pool = await leftOutPool(config, collection, datasetsRoot);
      const features = featuresOf.get(model)?.leftOut(collection);
      if (features) alignedOrThrow(pool, features, `${model} without ${collection}`);
      leftOut.push(...runTrials(pool, collection, rowsOf(pool), COLLECTION_PLAN, features));
    }
    const features = featuresOf.get(model);
    shift.push({
      model,
      inDistribution: inDistribution.get(model) ?? [],
      leftOut,
      splitHalf: features ? splitHalfTrials(features.crossFitted, COLLECTION_PLAN) : [],
    });
  }
  log('per-kind models: leave-one-collection-out of each candidate mix');
  const labelled = await readEvaluationData(datasetsRoot);
  const kinds = (['fake', 'bot'] as const).map((kind) => compareKindMixes(labelled, kind, log));
  log('p(fake) for X: leave-one-collection-out of each candidate');
  const pFake = comparePFakeCandidates(
    labelled,
    { fake: kinds[0]?.best as string, bot: kinds[1]?.best as string },
    log,
  );
  return { kinds, pFake, models, shift };
}

// ---- rendering ----

const pct = (share: number) => (Number.isNaN(share) ? '—' : `${(share * 100).toFixed(1)} %`);
const pp = (share: number) => (Number.isNaN(share) ? '—' : `${(share * 100).toFixed(2)}`);

function table(headers: string[], rows: string[][]): string {
  const right = headers.map((header) => header.endsWith(':'));
  const names = headers.map((header, i) => (right[i] ? header.slice(0, -1) : header));
  const widths = names.map((name, i) =>
    Math.max(3, name.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (right[i] ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number))).join(' | ')} |`;
  const rule = `| ${widths.map((width, i) => (right[i] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(names), rule, ...rows.map(line)].join('\n');
}

const SUMMARY_HEADERS = [
  'audiences:',
  'mean abs. error (pp):',
  'bias (pp):',
  '95 % CI coverage:',
  'mean CI width (pp):',
  'shift test fired:',
];
const summaryCells = (summary: TrialSummary) => [
  String(summary.audiences),
  pp(summary.meanAbsoluteError),
  pp(summary.bias),
  pct(summary.coverage),
  pp(summary.meanWidth),
  pct(summary.fired),
];

/** The pooled table of one model: one row per share and the whole (README and EVALUATION.md). */
export function renderPooledTable(accuracy: Omit<ModelAccuracy, 'collections'>): string {
  return table(
    ['true fake share:', ...SUMMARY_HEADERS],
    [
      ...accuracy.byShare.map(({ share, summary }) => [pct(share), ...summaryCells(summary)]),
      ['all', ...summaryCells(accuracy.overall)],
    ],
  );
}

/** ROC AUC of a shift statistic (left-out audiences positive) and the share of each group it fires on. */
export function shiftDiscrimination(
  evaluation: ShiftEvaluation,
  statistic: (trial: AudienceTrial) => number = (trial) => trial.shiftStatistic,
): {
  auc: number;
  falseAlarms: number;
  firedOnLeftOut: number;
} {
  const trials = [...evaluation.inDistribution, ...evaluation.leftOut];
  const labels = trials.map((_, i) => (i < evaluation.inDistribution.length ? 0 : 1));
  const fired = (group: readonly AudienceTrial[]) =>
    group.length === 0 ? Number.NaN : group.filter((trial) => statistic(trial) > 1).length / group.length;
  return {
    auc: rocAuc(trials.map(statistic), labels),
    falseAlarms: fired(evaluation.inDistribution),
    firedOnLeftOut: fired(evaluation.leftOut),
  };
}

/** Within 5 points of the truth, or its interval holds the truth. */
export const closeOrCovered = (trial: AudienceTrial) =>
  Math.abs(trial.estimate - trial.truth) <= 0.05 + 1e-9 || covers(trial);

/**
 * Issue 9's criterion for an unseen audience: the headline is within 5 points or its interval covers the truth, and
 * the headline says the figure may be off whenever it is more than 5 points off: `holdsOnUnseen` when the shift test
 * fired; `holdsOnUnseenWarnedBy(headlineWarns)` counts the small-audience note too.
 */
export const holdsOnUnseenWarnedBy = (warned: (trial: AudienceTrial) => boolean) => (trial: AudienceTrial) =>
  closeOrCovered(trial) && (warned(trial) || Math.abs(trial.estimate - trial.truth) <= 0.05 + 1e-9);
export const holdsOnUnseen = holdsOnUnseenWarnedBy((trial) => trial.fires);

/**
 * Whether the headline warns: the shift test's caution, or, under MIN_MIX_FOLLOWERS followers when it did not fire,
 * the note that so few followers cannot be checked against the training data and a labelled sample should (a
 * weaker warning than the caution: it is given on every such audience, in-distribution ones included).
 */
export const headlineWarns = (trial: AudienceTrial) => trial.fires || tooFewToCheck(trial.size, trial.fires);

const KIND_TITLES = {
  fake: 'Bought fake followers (`x-fake-follower`, pKind.fakeFollower)',
  bot: 'Spam bots (`x-spam-bot`, pKind.spamBot)',
};

const auc3 = (value: number | null | undefined) => (value == null ? 'n/a' : value.toFixed(3));

/** The peers' per-kind figures when they ran on the same splits as `comparison`, else why not. */
function kindPeers(
  comparison: KindComparison,
  peers: PeerResults['kinds'],
): { candidate: string; models: string[]; auc: (model: string, held: string) => number | null } | string {
  const theirs = peers?.[comparison.kind];
  if (theirs === undefined)
    return 'bench/peers.py has not run the per-kind tests (`/usr/bin/python3 bench/peers.py --only kinds`)';
  const ours = comparison.results.find((result) => result.candidate === theirs.candidate);
  if (ours === undefined) return `the peers were trained like ${theirs.candidate}, no longer a candidate`;
  for (const held of comparison.heldOut) {
    const peer = theirs.heldOut[held];
    const tested = ours.tested[held];
    if (
      peer === undefined ||
      tested === undefined ||
      peer.rows !== tested.rows ||
      peer.positives !== tested.positives
    )
      return `the peers' ${held} test differs from this run's`;
  }
  const models = Object.keys(Object.values(theirs.heldOut)[0]?.models ?? {});
  return {
    candidate: theirs.candidate,
    models,
    auc: (model, held) => theirs.heldOut[held]?.models[model]?.rocAuc ?? null,
  };
}

function renderKinds(
  kinds: readonly KindComparison[],
  pFake: PFakeComparison,
  peers: PeerResults['kinds'],
  out: string[],
): void {
  out.push('## Per-kind models (X)');
  out.push('');
  out.push(
    "Beside the `x` model's p(fake) (fake follower or bot: what the audit counts), `realreach score` gives one probability per kind, each from a model trained on that kind against humans (src/model/kind-models.ts). Each kind's training mix, depth and monotone constraints were chosen by leave-one-collection-out validation over the X collections, the candidates and the criterion fixed before the run and recorded in the model's config (`mixRationale`). Bought fake followers: the shared data hold one vendor's (cresci-2015 INT), so a model is trained on one seeded half of INT and the mix's humans but one human collection, and tested on the other half against that collection's humans (unseen fakes of the same vendor, unseen humans). Spam bots: each collection with spam bots and humans is held out whole. Benign self-declared bots (botwiki-2019, political-bots-2019) are neither kind and have no model: they are not fake followers and not spam, and 760 accounts are too few to be a kind of their own. Instagram and the `general` model have no per-kind split: their data label only \"fake\". Monotone signs were fixed from the literature before any run (src/model/evaluation/kind-mixes.ts: FAKE_FOLLOWER_SIGNS from the Camisani-Calzolari and Socialbakers rules Cresci et al. 2015 evaluate; SPAM_BOT_SIGNS, the follow-back ratio of social spammers). Cells: ROC AUC. Produced with `node --import tsx scripts/evaluate-kinds.ts` (these tables alone, as JSON) or `realreach eval --only accuracy`.",
  );
  for (const comparison of kinds) {
    out.push('');
    out.push(`### ${KIND_TITLES[comparison.kind]}`);
    out.push('');
    const others = comparison.kind === 'fake' ? OTHER_FAKE_COLLECTIONS : [];
    const peerFigures = kindPeers(comparison, peers);
    const rows = comparison.results.map((result) => [
      result.candidate === comparison.best ? `**${result.candidate}**` : result.candidate,
      ...comparison.heldOut.map((held) => auc3(result.rocAuc[held])),
      result.commonMean == null ? '—' : result.commonMean.toFixed(4),
      ...others.map((other) => auc3(result.otherFakes?.[other])),
      result.description,
    ]);
    if (typeof peerFigures !== 'string') {
      for (const model of peerFigures.models) {
        const values = comparison.common.map((held) => peerFigures.auc(model, held));
        const known = values.filter((value): value is number => value != null);
        rows.push([
          `peer: ${model}`,
          ...comparison.heldOut.map((held) => auc3(peerFigures.auc(model, held))),
          known.length === values.length && known.length > 0
            ? (known.reduce((sum, value) => sum + value, 0) / known.length).toFixed(4)
            : '—',
          ...others.map(() => '—'),
          `bench/peers.py, trained on the rows and features of ${peerFigures.candidate}`,
        ]);
      }
    }
    out.push(
      table(
        [
          'candidate',
          ...comparison.heldOut.map((held) => `${held}:`),
          'mean (common, 4 decimals):',
          ...others.map((other) => `${other} (secondary):`),
          'what it trains on',
        ],
        rows,
      ),
    );
    out.push('');
    out.push(
      `Common collections: ${comparison.common.join(', ')}. Best by the criterion (${comparison.criterion}): **${comparison.best}**.${others.length > 0 ? ` Secondary, not in the criterion: each candidate trained on all of its X mix and tested on ${others.join(' and ')} fakes against their humans (fake accounts of other makers, platform and years; no account age there).` : ''}${typeof peerFigures === 'string' ? ` Peers: not shown, ${peerFigures}.` : ''}`,
    );
  }
  out.push('');
  out.push('### What p(fake) is for X');
  out.push('');
  out.push(
    "The audit counts p(fake). Each candidate is tested on both kinds' protocols above: bought followers (the held-out half of INT against each held-out human collection, that collection left out of training whole) and spam bots. Secondary, not in the criterion: trained on all of X, tested on Instagram's fakes against its humans.",
  );
  out.push('');
  out.push(
    table(
      [
        'candidate',
        ...pFake.fakeHeldOut.map((held) => `bought vs ${held}:`),
        'mean bought (common):',
        ...pFake.botHeldOut.map((held) => `spam ${held}:`),
        'mean spam:',
        ...OTHER_FAKE_COLLECTIONS.map((other) => `${other}:`),
        'what it is',
      ],
      pFake.results.map((result) => [
        result.candidate === pFake.best ? `**${result.candidate}**` : result.candidate,
        ...pFake.fakeHeldOut.map((held) => auc3(result.fake[held])),
        result.fakeMean == null ? 'n/a' : result.fakeMean.toFixed(4),
        ...pFake.botHeldOut.map((held) => auc3(result.bot[held])),
        result.botMean == null ? 'n/a' : result.botMean.toFixed(4),
        ...OTHER_FAKE_COLLECTIONS.map((other) => auc3(result.otherFakes[other])),
        result.description,
      ]),
    ),
  );
  out.push('');
  out.push(
    `Common collections: ${pFake.common.join(', ')}. Best by the criterion (${pFake.criterion}): **${pFake.best}**.`,
  );
  const decision = unionDecision(pFake);
  if (decision !== undefined) {
    out.push('');
    out.push(decision);
  }
  out.push('');
}

const signed = (value: number, digits: number) =>
  `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;

/**
 * What ships for X and why, from the comparison's own numbers: the bundled x is the union of the kind models
 * (models/x.config.json), though the criterion fixed before the run named x-today — a decision made after seeing
 * the numbers, said as such.
 */
function unionDecision(pFake: PFakeComparison): string | undefined {
  const find = (name: string) => pFake.results.find((result) => result.candidate === name);
  const [today, union] = [find('x-today'), find('union-of-kinds')];
  if (today?.fakeMean == null || union?.fakeMean == null || today.botMean == null || union.botMean == null)
    return undefined;
  const bought = union.fakeMean - today.fakeMean;
  const others = OTHER_FAKE_COLLECTIONS.map(
    (other) => `${other} ${auc3(union.otherFakes[other])} vs ${auc3(today.otherFakes[other])}`,
  ).join(', ');
  return (
    `**What ships: the union.** The bundled \`x\` is the union-of-kinds candidate — p(fake) = calibrated noisy-or of \`x-fake-follower\` and \`x-spam-bot\` (models/x.config.json \`members\`, its \`unionRationale\`; its calibration and card from out-of-fold union scores of the shipped members, src/model/training/train-model-file.ts). ` +
    `The criterion fixed before the run asked the union for a bought-follower mean at least x-today's and a spam-bot mean at least x-today's − 0.02. ` +
    `Spam bots: met (${union.botMean.toFixed(4)} vs ${today.botMean.toFixed(4)}). Bought followers: ${bought >= 0 ? 'met' : `**missed**, by ${Math.abs(bought).toFixed(4)}`} (${union.fakeMean.toFixed(4)} vs ${today.fakeMean.toFixed(4)}). ` +
    `Shipping the union anyway is a decision made after seeing these numbers: issue 9 defines what the audit counts as the union of the fake-follower and bot shares; the check on withheld data diagnosed that x-today's mix (spam bots counted as fakes) dilutes the bought-follower signal, which the union removes by construction; the bought-follower protocol holds one vendor's fakes and is saturated (every candidate between ${Math.min(...pFake.results.flatMap((result) => (result.fakeMean == null ? [] : [result.fakeMean]))).toFixed(2)} and ${Math.max(...pFake.results.flatMap((result) => (result.fakeMean == null ? [] : [result.fakeMean]))).toFixed(4)}; kind table above: up to 0.9994), so it cannot separate the candidates, while the only unsaturated tests of unseen fakes (secondary, outside the criterion) favour the union (${others}; differences ${OTHER_FAKE_COLLECTIONS.map((other) => signed((union.otherFakes[other] ?? Number.NaN) - (today.otherFakes[other] ?? Number.NaN), 3)).join(', ')}). ` +
    `The collections withheld from this repository will judge it. The union's fake share on x's cross-fitted audiences and its shift test are in the sections below (the bundled \`x\`); \`node --import tsx scripts/evaluate-union.ts --loco\` reruns this comparison for the two candidates alone.`
  );
}

/** The accuracy sections sit between these markers, so `realreach eval --only accuracy` can replace them in place. */
export const ACCURACY_SECTION_START = '<!-- fake-share-accuracy:start -->';
export const ACCURACY_SECTION_END = '<!-- fake-share-accuracy:end -->';

/** The report with its accuracy sections replaced by `section` (appended when it has none). */
export function replaceAccuracySections(report: string, section: string): string {
  const start = report.indexOf(ACCURACY_SECTION_START);
  const end = report.indexOf(ACCURACY_SECTION_END);
  if (start < 0 || end < start) return `${report.trimEnd()}\n\n${section}`;
  const after = report.slice(end + ACCURACY_SECTION_END.length).replace(/^\n+/, '\n');
  return `${report.slice(0, start)}${section.trimEnd()}\n${after}`;
}

export function renderAccuracySections(
  result: AccuracyEvaluation,
  command: string,
  peers?: PeerResults,
): string {
  const out: string[] = [ACCURACY_SECTION_START, ''];
  renderKinds(result.kinds, result.pFake, peers?.kinds, out);
  out.push('## The fake share on the bundled models (cross-fitted)');
  out.push('');
  out.push(
    `Produced by \`${command}\` (the same code as \`test/audit-accuracy.test.ts\`). Every training row of each bundled model is scored by one of the ${'`folds`'} copies of the model its config trains on the other folds (the out-of-fold scores its model card comes from), so no row is scored by a model that saw it. Audiences are mixed from those rows at ${TRIAL_SHARES.map(pct).join(', ')} fakes (fakes drawn from every positive row, humans from every negative row, without replacement), ${POOLED_PLAN.audiences} seeded audiences per share (${POOLED_PLAN.audiences * TRIAL_SHARES.length} per model) of ${POOLED_PLAN.size} followers (${INSTAGRAM_SIZE} on Instagram, whose training data holds 448 fakes), and each is estimated exactly as \`realreach audit\` does (the headline: the fakes' weight in the best mix of the training parts' scores and features, src/audit/fake-share/parts-mix.ts, each audience's own rows taken out of the parts first; EM on the model card's prior and reliability bins beside it, its interval carried around the mix; ${POOLED_PLAN.replicates} interval draws). Targets (issue 9): mean absolute error <= 2 points, 95 % interval coverage >= 93 %.`,
  );
  for (const accuracy of result.models) {
    out.push('');
    out.push(`### \`${accuracy.model}\``);
    out.push('');
    out.push(renderPooledTable(accuracy));
    out.push('');
    out.push(
      `Audiences of one training collection each (cross-fitted, ${COLLECTION_PLAN.audiences} per share the collection allows, up to ${COLLECTION_PLAN.size} followers): harder than the pooled mix, since one collection's accounts are scored unlike the pooled classes.`,
    );
    out.push('');
    out.push(
      table(
        ['collection', ...SUMMARY_HEADERS],
        accuracy.collections.map(({ collection, summary }) => [collection, ...summaryCells(summary)]),
      ),
    );
  }
  out.push('');
  out.push('## The shift test');
  out.push('');
  out.push(
    `From the followers alone (src/audit/fake-share/feature-shift.ts): the model file keeps each part of its training data (each collection's fakes, its humans) counted in decile bins of every feature, plus an "unknown" bin (\`featureParts\`, src/model/feature-parts.ts, written by \`realreach train\`); the audit counts its followers in the same bins (integers, so shards merge exactly), fits the one mix of the parts that explains every feature at once (EM; followers whose value is unknown beyond the mix's own share of unknowns count as missing, not as different: an upload without a field is not another population), and fires when some feature is both significantly off that mix (Pearson χ², the parts' own count noise included, p below ${SHIFT_ALPHA} / the number of features: Bonferroni) and materially off it (more than ${pct(SHIFT_MATERIAL)} of the followers beyond chance, in total variation). Both limits and the statistic were fixed before this table was first produced. Statistic: max over features of min(misfit / ${pct(SHIFT_MATERIAL)}, log p / log(${SHIFT_ALPHA} / features)), firing above 1. In-distribution audiences: the cross-fitted audiences above (pooled and one collection at a time, ${COLLECTION_PLAN.audiences} per share), each tested against the model file's parts with the audience's own rows taken out (leave-the-audience-out: they are training rows). Left-out audiences: each collection of the model's config in turn, scored by the bundled config trained without it and tested against the parts that config writes, ${COLLECTION_PLAN.audiences} audiences per share the collection allows of up to ${COLLECTION_PLAN.size}. Beside it, the score test it replaced (fired when more than ${pct(SHIFT_MISFIT_LIMIT)} of the scores fit no mix of the parts' scores or more than ${pct(SHIFT_UNLIKE_LIMIT)} of the followers were outside the training ranges), on the same audiences. Targets (issue 9): ROC AUC >= 0.9, false alarms on in-distribution audiences <= 5 %.`,
  );
  out.push('');
  out.push(
    table(
      [
        'model',
        'in-distribution audiences:',
        'left-out audiences:',
        'ROC AUC:',
        'false alarms:',
        'fires on left-out:',
        'false alarms, parts kept:',
        'ROC AUC, parts kept:',
        'false alarms, split halves:',
        'ROC AUC, split halves:',
        'score test ROC AUC (before):',
        'score test false alarms (before):',
      ],
      result.shift.map((evaluation) => {
        const { auc, falseAlarms, firedOnLeftOut } = shiftDiscrimination(evaluation);
        const before = shiftDiscrimination(evaluation, (trial) => trial.scoreShiftStatistic);
        const split = {
          falseAlarms:
            evaluation.splitHalf.filter((trial) => trial.fires).length / evaluation.splitHalf.length,
          auc: rocAuc(
            [
              ...evaluation.splitHalf.map((trial) => trial.statistic),
              ...evaluation.leftOut.map((trial) => trial.shiftStatistic),
            ],
            [...evaluation.splitHalf.map(() => 0), ...evaluation.leftOut.map(() => 1)],
          ),
        };
        const kept = shiftDiscrimination({
          ...evaluation,
          inDistribution: evaluation.inDistribution.filter((trial) => trial.largestPartTaken < 1),
        });
        return [
          evaluation.model,
          String(evaluation.inDistribution.length),
          String(evaluation.leftOut.length),
          auc.toFixed(3),
          pct(falseAlarms),
          pct(firedOnLeftOut),
          pct(kept.falseAlarms),
          kept.auc.toFixed(3),
          pct(split.falseAlarms),
          split.auc.toFixed(3),
          before.auc.toFixed(3),
          pct(before.falseAlarms),
        ];
      }),
    ),
  );
  out.push('');
  out.push(
    "Parts kept: the in-distribution audiences that left at least one row of every training part in the parts they are tested against. An audience that took a whole part — all 146 TwiBot-22 bots, all 160 InstaFake fakes, all of Kaggle's 288 fakes or humans: the audiences at 30–100 % fakes of those small collections — is tested against parts that hold none of its kind, which makes it a left-out audience in all but name; those are where the false alarms of the protocol fixed beforehand come from (below: in-distribution fires by group). Users' audiences are tested against the whole of every part. Split halves: a second null, fixed before it was first run (after the first table showed the whole-part effect): every training row falls in half A or B (seeded); the parts are counted from half A only and the in-distribution audiences drawn from half B by the same plan, so no audience is tested against its own rows and none empties a part — fresh rows of known kinds, as withheld rows of a training collection would be.",
  );
  out.push('');
  out.push(
    'Where it fires, by group of audiences (in-distribution: cross-fitted, one collection or the pooled mix; left out: the collection unseen by the scoring model):',
  );
  out.push('');
  const groupRows: string[][] = [];
  for (const evaluation of result.shift) {
    for (const [kind, trials] of [
      ['in-distribution', evaluation.inDistribution],
      ['left out', evaluation.leftOut],
    ] as const) {
      for (const group of [...new Set(trials.map((trial) => trial.group))]) {
        const part = trials.filter((trial) => trial.group === group);
        groupRows.push([
          evaluation.model,
          kind,
          group,
          String(part.length),
          pct(part.filter((trial) => trial.fires).length / part.length),
          kind === 'in-distribution'
            ? pct(part.filter((trial) => trial.largestPartTaken >= 1).length / part.length)
            : '—',
          pct(part.filter((trial) => trial.scoreShiftStatistic > 1).length / part.length),
        ]);
      }
    }
  }
  out.push(
    table(
      [
        'model',
        'audiences of',
        'group',
        'audiences:',
        'fires:',
        'took a whole part:',
        'score test fired (before):',
      ],
      groupRows,
    ),
  );
  out.push('');
  out.push(
    "The fake share on left-out audiences, by whether the test fired. When it fires the headline leads with the interval, marks the point reading as possibly off and suggests `realreach review`; the interval is the one the method can still defend without trusting the calibration: it spans the estimate under label shift (EM) and under covariate shift (the mean calibrated p) with the statistical error around both, and bounds the followers no mix of the training parts explains — the larger of the scores' and the significantly-off features' distances from the best mix, each read at its upper end (the distance plus the distance chance alone gives, where the test takes chance off: src/audit/fake-share/shift-test.ts, `upperMisfit`) — from none to all fake; which followers they are is unknown, so what they can have counted in either estimate (at most the largest, at least the smallest scores' share) is taken out first (src/audit/fake-share/fake-share-estimate.ts, `shiftedBounds`). Before: the point readings (chance taken off) missed on one-class audiences at the interval's edge — 94.1 % (x) and 92.0 % (general) of left-out audiences met the criterion at mean widths 81.4 and 74.8 pp, TwiBot-22 80 % and 69 %, cresci-stock-2018 (general) 80 % (`node --import tsx scripts/evaluate-shifted-interval.ts`, which compares the rules on these audiences by criteria fixed before its first run); before issue 9's second pass, the scores' misfit alone, with m × the estimate taken out: 29.8 % and 45.3 % at 26.3 and 19.9 pp. Issue 9's criterion for an unseen audience: within 5 points or covered, and flagged whenever more than 5 points off.",
  );
  out.push('');
  const rows: string[][] = [];
  for (const evaluation of result.shift) {
    for (const collection of [...new Set(evaluation.leftOut.map((trial) => trial.group))]) {
      const trials = evaluation.leftOut.filter((trial) => trial.group === collection);
      for (const fired of [true, false]) {
        const part = trials.filter((trial) => trial.fires === fired);
        if (part.length === 0) continue;
        const summary = summariseTrials(part);
        rows.push([
          evaluation.model,
          collection,
          fired ? 'fired' : 'silent',
          String(part.length),
          pp(summary.meanAbsoluteError),
          pct(summary.coverage),
          pp(summary.meanWidth),
          pct(part.filter(closeOrCovered).length / part.length),
          pct(part.filter(holdsOnUnseen).length / part.length),
        ]);
      }
    }
    const all = evaluation.leftOut;
    rows.push([
      `**${evaluation.model}**`,
      '**all left out**',
      '',
      String(all.length),
      pp(summariseTrials(all).meanAbsoluteError),
      pct(summariseTrials(all).coverage),
      pp(summariseTrials(all).meanWidth),
      pct(all.filter(closeOrCovered).length / all.length),
      pct(all.filter(holdsOnUnseen).length / all.length),
    ]);
  }
  out.push(
    table(
      [
        'model',
        'left out',
        'test',
        'audiences:',
        'mean abs. error (pp):',
        '95 % CI coverage:',
        'mean CI width (pp):',
        'within 5 pp or covered:',
        'criterion holds:',
      ],
      rows,
    ),
  );
  out.push('');
  out.push(ACCURACY_SECTION_END);
  return `${out.join('\n')}\n`;
}
