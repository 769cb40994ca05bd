// Renders an evaluation result as EVALUATION.md: the tables, how they were made, and where the model falls short.
import type { EvaluationMetrics } from '../evaluation-metrics.ts';
import type { RuleOutcome } from '../rule-evaluation.ts';
import type { DatasetEvaluation, EvaluationResult, LocoRow, TransferRow } from '../run-evaluation.ts';
import { type Cell, formatCell, formatShare, markdownTable } from './markdown-table.ts';
import type { PeerMetrics } from './peer-results.ts';
import type { PublishedMetrics } from './published-figures.ts';

const METRIC_HEADERS = [
  'model',
  'acc:',
  'prec:',
  'rec:',
  'F1:',
  'MCC:',
  'ROC AUC:',
  'PR AUC:',
  'ECE:',
  'bal. acc:',
];

type MetricRow = Partial<Omit<EvaluationMetrics, 'rows' | 'positives' | 'logLoss' | 'brier'>>;

function metricCells(model: string, metrics: MetricRow, probabilistic = true): string[] {
  const cells: Cell[] = [metrics.accuracy, metrics.precision, metrics.recall, metrics.f1, metrics.mcc];
  return [
    model,
    ...cells.map((cell) => formatCell(cell)),
    formatCell(metrics.rocAuc, 4),
    formatCell(probabilistic ? metrics.prAuc : undefined, 4),
    formatCell(probabilistic ? metrics.ece : undefined),
    formatCell(metrics.balancedAccuracy),
  ];
}

function publishedCells(model: string, metrics: PublishedMetrics): string[] {
  return metricCells(`_${model}_`, metrics, false);
}

function calibrationNote(calibrations: Record<string, number>): string {
  return Object.entries(calibrations)
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([kind, folds]) => `${kind} ${folds}`)
    .join(', ');
}

function peerRows(peers: Record<string, PeerMetrics> | undefined): string[][] {
  return Object.entries(peers ?? {}).map(([model, metrics]) => metricCells(`peer: ${model}`, metrics));
}

function datasetSection(dataset: DatasetEvaluation, folds: number): string {
  const rows = [
    metricCells(
      `realreach GBDT (calibrated per fold: ${calibrationNote(dataset.calibrations)}; ${dataset.meanTrees} trees on average)`,
      dataset.gbdt,
    ),
    metricCells('logistic regression (same folds)', dataset.logistic),
    ...peerRows(dataset.peers),
    ...dataset.published.map((figure) => publishedCells(figure.model, figure.metrics)),
    ...dataset.combinedRules.map((rule) =>
      metricCells(`rules: ${rule.rule} (decides ${formatShare(rule.decidedShare)})`, rule.metrics, false),
    ),
  ];
  const sources = dataset.published.map((figure) => `- _${figure.model}_: ${figure.source}.`);
  return [
    `### ${dataset.title}`,
    '',
    `${dataset.rows.toLocaleString('en-US')} accounts, ${dataset.positives.toLocaleString('en-US')} fake or bot; ${folds}-fold stratified cross-validation, ${dataset.features.length} features.`,
    '',
    markdownTable(METRIC_HEADERS, rows),
    ...(sources.length > 0 ? ['', ...sources] : []),
  ].join('\n');
}

function ruleTable(result: EvaluationResult): string {
  const datasets = result.crossValidation;
  const first = datasets[0];
  if (first === undefined) return '';
  const headers = ['rule', 'paper MCC (BAS):', ...datasets.map((dataset) => `${dataset.collection}:`)];
  const rows = first.rules.map((rule, i) => [
    rule.rule,
    formatCell(rule.published?.mcc),
    ...datasets.map((dataset) => {
      const outcome = dataset.rules[i] as RuleOutcome;
      return outcome.decidedShare === 0 ? 'undecidable' : formatCell(outcome.metrics.mcc);
    }),
  ]);
  return markdownTable(headers, rows);
}

function cresciRuleTable(dataset: DatasetEvaluation): string {
  const headers = [
    'rule',
    'acc:',
    'prec:',
    'rec:',
    'F1:',
    'MCC:',
    'paper acc:',
    'paper prec:',
    'paper rec:',
    'paper F1:',
    'paper MCC:',
  ];
  const rows = dataset.rules.map((rule) => [
    rule.rule,
    ...[
      rule.metrics.accuracy,
      rule.metrics.precision,
      rule.metrics.recall,
      rule.metrics.f1,
      rule.metrics.mcc,
    ].map((value) => formatCell(value)),
    ...[
      rule.published?.accuracy,
      rule.published?.precision,
      rule.published?.recall,
      rule.published?.f1,
      rule.published?.mcc,
    ].map((value) => formatCell(value)),
  ]);
  return markdownTable(headers, rows);
}

function peerCell(
  peers: Record<string, PeerMetrics> | undefined,
  pickMetric: (metrics: PeerMetrics) => number | null,
): string {
  if (peers === undefined) return '—';
  return Object.values(peers)
    .map((metrics) => formatCell(pickMetric(metrics), 3))
    .join(' / ');
}

function locoSection(result: EvaluationResult): string {
  const peerNames = result.peers.shown ? Object.keys(result.loco.rows[0]?.peers ?? {}) : [];
  const headers = [
    'held out',
    'rows:',
    'fake/bot:',
    'ROC AUC:',
    'bal. acc:',
    'flagged:',
    'mean p:',
    'ECE:',
    'unlike training:',
    'LR ROC AUC:',
    'LR bal. acc:',
    ...(peerNames.length > 0 ? [`peers ROC AUC (${peerNames.join(' / ')}):`, 'peers bal. acc:'] : []),
    'CC rules bal. acc:',
    'Socialbakers bal. acc:',
  ];
  const rows = result.loco.rows.map((row) => {
    const gbdt = row.outcome?.gbdt;
    const rules = (name: string) =>
      formatCell(row.combinedRules.find((rule) => rule.rule.startsWith(name))?.metrics.balancedAccuracy);
    return [
      row.heldOut,
      String(row.rows),
      String(row.positives),
      formatCell(gbdt?.rocAuc, 3),
      formatCell(gbdt?.balancedAccuracy),
      formatShare(gbdt?.flaggedShare),
      formatCell(gbdt?.meanProbability),
      formatCell(gbdt?.ece),
      formatShare(row.outcome?.unlikeShare),
      formatCell(row.outcome?.logistic?.rocAuc, 3),
      formatCell(row.outcome?.logistic?.balancedAccuracy),
      ...(peerNames.length > 0
        ? [
            peerCell(row.peers, (metrics) => metrics.rocAuc),
            peerCell(row.peers, (metrics) => metrics.balancedAccuracy),
          ]
        : []),
      rules('Camisani'),
      rules('Socialbakers'),
    ];
  });
  return markdownTable(headers, rows);
}

function mixSection(result: EvaluationResult): string {
  const { mixes } = result;
  const headers = [
    'mix',
    ...mixes.collections.map((collection) => `${collection}:`),
    'mean ROC AUC (common):',
    'mean bal. acc (common):',
    'mean ROC AUC (all tested):',
    'mean bal. acc (all tested):',
  ];
  const rows = mixes.mixes.map((mix) => [
    `${mix.name === mixes.best ? '**' : ''}${mix.name}${mix.name === mixes.best ? '**' : ''}`,
    ...mixes.collections.map((collection) => {
      const loco = mix.loco.find((result) => result.heldOut === collection);
      const gbdt = loco?.outcome?.gbdt;
      if (gbdt === undefined) return 'n/a';
      return gbdt.rocAuc === null
        ? formatCell(gbdt.balancedAccuracy, 2)
        : `${formatCell(gbdt.balancedAccuracy, 2)} / ${formatCell(gbdt.rocAuc, 2)}`;
    }),
    formatCell(mix.commonMeanRocAuc),
    formatCell(mix.commonMeanBalancedAccuracy),
    formatCell(mix.meanRocAuc),
    formatCell(mix.meanBalancedAccuracy),
  ]);
  const descriptions = mixes.mixes.map((mix) => {
    const skipped = mix.loco.filter((loco) => loco.skipped !== undefined);
    const note = skipped.map((loco) => `cannot be tested on ${loco.heldOut}: ${loco.skipped}`).join('; ');
    return `- \`${mix.name}\`: ${mix.description}${note ? ` (${note})` : ''}.`;
  });
  const best = mixes.mixes.find((mix) => mix.name === mixes.best);
  const byAuc = [...mixes.mixes].sort(
    (left, right) => (right.commonMeanRocAuc ?? -1) - (left.commonMeanRocAuc ?? -1),
  )[0];
  const byAllTested = [...mixes.mixes].sort(
    (left, right) => (right.meanBalancedAccuracy ?? -1) - (left.meanBalancedAccuracy ?? -1),
  )[0];
  return [
    'Cells: balanced accuracy at p >= 0.5 / ROC AUC (ROC AUC only where the held-out collection has both classes).',
    `Common collections (every mix could be tested on them): ${mixes.commonCollections.join(', ')}.`,
    '',
    markdownTable(headers, rows),
    '',
    ...descriptions,
    '',
    `**Best mix: \`${mixes.best}\`** by the criterion fixed before the run (${mixes.criterion}): mean balanced accuracy ${formatCell(best?.commonMeanBalancedAccuracy)}, mean ROC AUC ${formatCell(best?.commonMeanRocAuc)} on the common collections.` +
      (byAuc !== undefined && byAuc.name !== mixes.best
        ? ` By mean ROC AUC alone \`${byAuc.name}\` leads (${formatCell(byAuc.commonMeanRocAuc)}): it ranks accounts better but classifies them worse at p >= 0.5 (mean balanced accuracy ${formatCell(byAuc.commonMeanBalancedAccuracy)}).`
        : '') +
      (byAllTested !== undefined && byAllTested.name !== mixes.best
        ? ` Over every collection each mix could be tested on (cresci-2015 included where possible), \`${byAllTested.name}\` leads instead: mean balanced accuracy ${formatCell(byAllTested.meanBalancedAccuracy)} against ${formatCell(best?.meanBalancedAccuracy)}, so the choice is close.`
        : ''),
  ].join('\n');
}

const TRANSFER_HEADERS = [
  'trained on',
  'tested on',
  'rows:',
  'fake/bot:',
  'acc:',
  'bal. acc:',
  'MCC:',
  'ROC AUC:',
  'flagged:',
  'ECE:',
  'unlike training:',
  'LR acc:',
  'LR ROC AUC:',
];

function transferCells({ trainedOn, testedOn, rows, positives, outcome }: TransferRow): string[] {
  const { gbdt, logistic } = outcome;
  return [
    trainedOn,
    testedOn,
    String(rows),
    String(positives),
    formatCell(gbdt.accuracy),
    formatCell(gbdt.balancedAccuracy),
    formatCell(gbdt.mcc),
    formatCell(gbdt.rocAuc, 3),
    formatShare(gbdt.flaggedShare),
    formatCell(gbdt.ece),
    formatShare(outcome.unlikeShare),
    formatCell(logistic?.accuracy),
    formatCell(logistic?.rocAuc, 3),
  ];
}

function transferTable(rows: readonly TransferRow[]): string {
  return markdownTable(TRANSFER_HEADERS, rows.map(transferCells));
}

function gilaniCells(model: string, metrics: EvaluationMetrics | undefined, unlikeShare?: number): string[] {
  return [
    model,
    formatCell(metrics?.accuracy),
    formatCell(metrics?.balancedAccuracy),
    formatCell(metrics?.mcc),
    formatCell(metrics?.rocAuc, 3),
    formatShare(metrics?.flaggedShare),
    formatCell(metrics?.ece),
    formatShare(unlikeShare),
  ];
}

interface Target {
  name: string;
  ours: number | null | undefined;
  goal: number | null | undefined;
  goalText: string;
}

function targets(result: EvaluationResult): Target[] {
  const dataset = (collection: string) =>
    result.crossValidation.find((entry) => entry.collection === collection);
  const list: Target[] = [
    { name: 'cresci-2015 MCC', ours: dataset('cresci-2015')?.gbdt.mcc, goal: 0.99, goalText: '>= 0.99' },
    {
      name: 'cresci-2015 ROC AUC',
      ours: dataset('cresci-2015')?.gbdt.rocAuc,
      goal: 0.999,
      goalText: '>= 0.999',
    },
    {
      name: 'InstaFake accuracy',
      ours: dataset('instafake')?.gbdt.accuracy,
      goal: 0.96,
      goalText: '>= 0.96',
    },
    {
      name: 'Kaggle accuracy',
      ours: dataset('kaggle-instagram')?.gbdt.accuracy,
      goal: 0.93,
      goalText: '>= 0.93',
    },
  ];
  for (const entry of result.crossValidation) {
    for (const [model, metrics] of Object.entries(entry.peers ?? {})) {
      list.push({
        name: `${entry.collection} MCC vs ${model}`,
        ours: entry.gbdt.mcc,
        goal: metrics.mcc,
        goalText: `>= ${formatCell(metrics.mcc, 4)}`,
      });
      list.push({
        name: `${entry.collection} ROC AUC vs ${model}`,
        ours: entry.gbdt.rocAuc,
        goal: metrics.rocAuc,
        goalText: `>= ${formatCell(metrics.rocAuc, 4)}`,
      });
    }
  }
  return list;
}

/** A shortfall too small for four decimals is still a shortfall. */
function formatGap(gap: number): string {
  return gap < 0.00005 ? '< 0.0001' : formatCell(gap, 4);
}

function targetTable(result: EvaluationResult): string {
  return markdownTable(
    ['target', 'goal', 'ours:', 'met'],
    targets(result).map((target) => [
      target.name,
      target.goalText,
      formatCell(target.ours, 4),
      target.ours == null || target.goal == null ? '—' : target.ours >= target.goal ? 'yes' : '**no**',
    ]),
  );
}

function peersParagraph(result: EvaluationResult): string {
  const { peers } = result;
  if (!peers.shown) return `Peers (scikit-learn, XGBoost): not shown — ${peers.reason}.`;
  const models = Object.entries(peers.models).map(([name, settings]) => `${name} (${settings})`);
  const versions = Object.entries(peers.versions).map(([name, version]) => `${name} ${version}`);
  return `Peers: ${models.join('; ')}, on the same feature matrices and folds (${versions.join(', ')}); produced by \`${peers.command}\`. Their probabilities are not calibrated, and they are judged at p >= 0.5 like ours.`;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Mean LOCO ROC AUC per model over the held-out collections with both classes: ours, logistic regression, peers. */
function meanLocoAucs(result: EvaluationResult): [string, number | null][] {
  const twoClass = result.loco.rows.filter((row) => row.outcome?.gbdt.rocAuc != null);
  const aucs = (pickAuc: (row: LocoRow) => number | null | undefined) =>
    mean(
      twoClass.flatMap((row) => {
        const auc = pickAuc(row);
        return auc == null ? [] : [auc];
      }),
    );
  const peerNames = Object.keys(twoClass[0]?.peers ?? {});
  return [
    ['realreach GBDT', aucs((row) => row.outcome?.gbdt.rocAuc)],
    ['logistic regression', aucs((row) => row.outcome?.logistic?.rocAuc)],
    ...peerNames.map((name): [string, number | null] => [name, aucs((row) => row.peers?.[name]?.rocAuc)]),
  ];
}

function locoSummary(result: EvaluationResult): string {
  const twoClass = result.loco.rows.filter((row) => row.outcome?.gbdt.rocAuc != null);
  const botOnly = result.loco.rows.filter((row) => row.rows > 0 && row.positives === row.rows);
  const aucs = meanLocoAucs(result).map(([name, auc]) => `${name} ${formatCell(auc)}`);
  return (
    `Mean ROC AUC over the ${twoClass.length} held-out collections with both classes: ${aucs.join(', ')}. ` +
    `On the bot-only collections the model flags ${botOnly.map((row) => `${formatShare(row.outcome?.gbdt.flaggedShare)} of ${row.heldOut}`).join(', ')}; ` +
    `the domain-shift flag marks ${botOnly.map((row) => formatShare(row.outcome?.unlikeShare)).join(', ')} of them as unlike the training data.`
  );
}

function shortfalls(result: EvaluationResult): string[] {
  const lines: string[] = [];
  const missed = targets(result).filter(
    (target) => target.ours != null && target.goal != null && target.ours < target.goal,
  );
  lines.push(
    missed.length === 0
      ? 'Every target above is met.'
      : `Targets missed: ${missed.map((target) => `${target.name} ${formatCell(target.ours, 4)} (goal ${target.goalText}, short by ${formatGap((target.goal as number) - (target.ours as number))})`).join('; ')}.`,
  );
  const xCollections = new Set(result.loco.rows.map((row) => row.heldOut));
  const withinAuc = mean(
    result.crossValidation.flatMap((dataset) =>
      xCollections.has(dataset.collection) && dataset.gbdt.rocAuc !== null ? [dataset.gbdt.rocAuc] : [],
    ),
  );
  const [ours, ...others] = meanLocoAucs(result);
  const locoAuc = ours?.[1] ?? null;
  if (locoAuc !== null && withinAuc !== null && locoAuc < withinAuc - 0.05) {
    lines.push(
      `Generalisation to a collection never seen is the weak point: mean ROC AUC ${formatCell(locoAuc)} when the collection is held out, against ${formatCell(withinAuc)} in cross-validation within the same X collections (other models held out the same way: ${others.map(([name, auc]) => `${name} ${formatCell(auc)}`).join(', ')}). Each collection's positives are a different kind (bought followers, 2009 spambots, cashtag bots, porn bots, benign bots) collected at a different time; what profile features learn from some kinds says little about another.`,
    );
  }
  const botOnly = result.loco.rows.filter((row) => row.rows > 0 && row.positives === row.rows && row.outcome);
  const meanFlagged = mean(botOnly.map((row) => row.outcome?.gbdt.flaggedShare ?? 0));
  const mostUnlike = Math.max(0, ...botOnly.map((row) => row.outcome?.unlikeShare ?? 0));
  if (meanFlagged !== null && meanFlagged < 0.5 && mostUnlike < 0.5) {
    lines.push(
      `A new kind of bot is mostly scored human (${formatShare(meanFlagged)} flagged on average over the bot-only collections), and the domain-shift flag does not warn about it: it marks at most ${formatShare(mostUnlike)} of a bot-only collection as unlike the training data. Their feature values lie inside the central 99 % of the training rows' values, which is all the flag checks: it catches out-of-range profiles, not new kinds.`,
    );
  }
  const logisticBetter = result.loco.rows.filter(
    (row) =>
      row.outcome?.logistic !== undefined &&
      row.outcome.logistic.balancedAccuracy > row.outcome.gbdt.balancedAccuracy + 0.05,
  );
  if (logisticBetter.length > 0) {
    lines.push(
      `Logistic regression generalises better than the trees on ${logisticBetter.map((row) => `${row.heldOut} (balanced accuracy ${formatCell(row.outcome?.logistic?.balancedAccuracy)} vs ${formatCell(row.outcome?.gbdt.balancedAccuracy)})`).join(', ')}; one plausible reason is that a linear score keeps rising beyond the training ranges, where trees stay flat.`,
    );
  }
  for (const dataset of result.crossValidation) {
    if (dataset.gbdt.recall >= 0.5 || dataset.gbdt.rocAuc === null) continue;
    lines.push(
      `${dataset.collection}: recall at p >= 0.5 is ${formatCell(dataset.gbdt.recall)} with ROC AUC ${formatCell(dataset.gbdt.rocAuc)}: with ${formatShare(dataset.positives / dataset.rows)} positives and classes that overlap, a calibrated probability seldom reaches 0.5. The fake share an audit reports is the mean of the probabilities (ECE ${formatCell(dataset.gbdt.ece)}), not this count.`,
    );
  }
  for (const row of result.generalCross.rows) {
    if (row.outcome.unlikeShare >= 0.99) {
      lines.push(
        `Trained on ${row.trainedOn} and tested on ${row.testedOn}, the domain-shift flag marks ${formatShare(row.outcome.unlikeShare)} of rows: the training rows never knew a feature these rows have (Instagram exports carry no creation date), and a feature unknown in training counts as outside its range.`,
      );
      break;
    }
  }
  const { gilani } = result;
  lines.push(
    `gilani-2017 gives only the handle and the account age: ROC AUC ${formatCell(gilani.fromX.gbdt.rocAuc)} from the X-trained model and ${formatCell(gilani.crossValidated.gbdt.rocAuc)} even when trained on gilani itself, so these features alone carry little signal there; the check says nothing about the full model on gilani's accounts.`,
  );
  return lines;
}

export function renderEvaluationReport(result: EvaluationResult): string {
  const { params } = result;
  const cresci = result.crossValidation.find((dataset) => dataset.collection === 'cresci-2015');
  const gilani = result.gilani;
  const sections = [
    '# realreach evaluation',
    '',
    `Generated by \`${result.command}\`; do not edit by hand. Datasets: \`${result.datasets}\` (research use only; each folder's SOURCE.md says what it is).`,
    '',
    `- Positive class: fake or bot; negative: human. An account is flagged when its calibrated p(fake) >= 0.5.`,
    `- Seed ${result.seed} for every fold split, row sample and early-stopping holdout; ${result.folds} stratified folds; feature set version ${result.featureSetVersion}.`,
    `- GBDT: at most ${params.nEstimators} trees, learning rate ${params.learningRate}, depth ${params.maxDepth}, ${params.maxLeaves} leaves, ${params.maxBins} bins, row/feature subsampling ${params.subsample}/${params.colsampleByTree}, early stopping after ${params.earlyStoppingRounds} trees on a stratified ${params.validationFraction * 100} % of the training rows, classes weighted equally.`,
    '- Calibration without leaks: inside each outer fold (and each cross-dataset run) the calibration is fitted on the margins of the training rows the trainer held out for early stopping (Platt or isotonic, whichever validates better), never on test rows. Those rows chose the number of trees, so the calibration is slightly optimistic about the training distribution; ECE is measured on the test rows.',
    '- Logistic regression: L2-regularised (lambda 1) on the same features, standardised, missing values as mean plus a missing indicator; its own probabilities, not recalibrated, no class weights.',
    '- Rules: the profile criteria of Cresci et al. 2015 (Tables 7–8) as classifiers; an account a rule cannot decide (a field it reads is missing) counts as human. Rules need no training, so they are scored on every row. ECE and PR AUC are not shown for rules (their outputs are not probabilities).',
    `- ${peersParagraph(result)}`,
    ...result.dataNotes.map((note) => `- Data: ${note}.`),
    '',
    '## Targets (issue 3)',
    '',
    targetTable(result),
    '',
    '## 1. Cross-validation on each dataset',
    '',
    ...result.crossValidation.flatMap((dataset) => [datasetSection(dataset, result.folds), '']),
    '### Single profile rules (MCC; paper figures are on BAS)',
    '',
    ruleTable(result),
    '',
    ...(cresci === undefined
      ? []
      : ['On cresci-2015, every column beside the paper (Table 8, BAS):', '', cresciRuleTable(cresci), '']),
    '## 2. Leave-one-collection-out over the X collections',
    '',
    `Each collection is held out whole; the model trains on every row of the others (mix \`all\`) and is tested on all of it. Features: ${result.loco.features.length} (${result.loco.excluded}). A held-out collection of one class has no ROC AUC: "flagged" (share with p >= 0.5) and "mean p" say how it was scored, and balanced accuracy is that class's accuracy. "Unlike training" is the share of held-out rows the training data's domain profile flags (unlikeness above its threshold, about 1 % of training rows by construction).`,
    '',
    locoSection(result),
    '',
    locoSummary(result),
    '',
    '## 3. Choosing the training mix of the `x` model',
    '',
    'Leave-one-collection-out as above, for each candidate mix fixed before the run (Yang et al. 2020 found a selected subset can generalise better than everything merged). Every held-out collection is tested whole, fakes and bots positive, whatever the mix trained on.',
    '',
    mixSection(result),
    '',
    '## 4. Instagram: InstaFake and Kaggle across each other',
    '',
    `Features known in at least half of the rows of both datasets (${result.instagramCross.features.length}): ${result.instagramCross.features.join(', ')}.`,
    '',
    transferTable(result.instagramCross.rows),
    '',
    '## 5. The `general` feature set across platforms',
    '',
    `The ${result.generalCross.features.length} features every platform has (${result.generalCross.features.join(', ')}), trained on every X collection and tested on Instagram, then trained on InstaFake + Kaggle and tested on each X collection. Instagram exports carry no creation date, so the Instagram-trained model never sees account age or rates per day.`,
    '',
    transferTable(result.generalCross.rows),
    '',
    '## 6. gilani-2017 as an out-of-distribution check',
    '',
    `gilani-2017 gives per-account aggregates, not profiles. Only two columns map to Account fields honestly: \`screen_name\` (the handle) and \`age_of_account_in_days\` (observedAt − createdAt; the calendar date is a placeholder no feature reads). \`follower_friend_ratio\` cannot become the two counts an Account holds, \`user_tweeted\` and \`tweet_frequency\` count tweets in the crawl window rather than over the account's life, and \`lists_per_user\` has no documented denominator, so none of them is used. ${gilani.conflicting} screen names labelled both bot and human are left out, leaving ${gilani.rows.toLocaleString('en-US')} accounts (${gilani.positives.toLocaleString('en-US')} bots). Features: ${gilani.features.join(', ')}.`,
    '',
    markdownTable(
      ['model', 'acc:', 'bal. acc:', 'MCC:', 'ROC AUC:', 'flagged:', 'ECE:', 'unlike training:'],
      [
        gilaniCells('GBDT trained on every X collection', gilani.fromX.gbdt, gilani.fromX.unlikeShare),
        gilaniCells('logistic regression trained on every X collection', gilani.fromX.logistic),
        gilaniCells(
          `GBDT, ${result.folds}-fold CV within gilani-2017 (what these features can do at best)`,
          gilani.crossValidated.gbdt,
        ),
        gilaniCells('logistic regression, same folds', gilani.crossValidated.logistic),
      ],
    ),
    '',
    '## 7. Where the model falls short, and why',
    '',
    ...shortfalls(result).map((line) => `- ${line}`),
  ];
  return `${sections.join('\n')}\n`;
}
