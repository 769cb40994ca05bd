// Measures how much the bought-fake-follower model (x-fake-follower, the candidate `every-human`) relies on account age: leave-one-collection-out ROC AUC with and without the age features, and with the tested fakes made as old as the humans they are tested against. Measures only; changes no model.
//
// Why: the shared data hold one vendor's bought followers (cresci-2015 INT, crawled 2015); another vendor's or year's
// fakes may be older or younger, and a model leaning on age would lose them. Fixed before the first run:
//  - the protocol: kind-mixes.ts's bought-follower tests (one seeded half of INT against each held-out human
//    collection, that collection left out of training whole), the shipped candidate's rows, params and seed;
//  - the variants: `every-human` (the shipped model's candidate: all features); `every-human-no-age` (without
//    AGE_FEATURES: log_age_days and the per-day rates, which divide by age);
//  - the stress test: each variant, trained as in its split, scores the tested fakes with their creation date moved
//    so their age at capture is that of a human of the same test drawn at random (seeded, with replacement) — fakes
//    as old as the humans beside them; humans unchanged;
//  - the TreeSHAP share of AGE_FEATURES in the shipped x-fake-follower's attributions on INT's rows (their summed
//    |attribution| over the summed |attribution| of every feature), age alone and the per-day rates apart.
// No criterion was fixed before it, so nothing here changes the model (issue 9's brief for this measurement).
//
// Usage: nice -n 10 node --import tsx scripts/evaluate-age.ts [datasets root] > age.json   (progress on stderr)
import { resolve } from 'node:path';
import type { Account, Label } from '../src/core/account.ts';
import { loadDetector } from '../src/model/detector.ts';
import { readEvaluationData } from '../src/model/evaluation/evaluation-data.ts';
import {
  AGE_FEATURES,
  candidateProbabilities,
  KIND_CANDIDATES,
  type KindCandidate,
  kindSplits,
} from '../src/model/evaluation/kind-mixes.ts';
import { explainMargin } from '../src/model/explain/explain.ts';
import { gbdtModelFromJson } from '../src/model/gbdt/serialize.ts';
import { rocAuc } from '../src/model/metrics/metrics.ts';
import { treesOf } from '../src/model/model-file.ts';
import { createSeededRandom } from '../src/model/seeded-random.ts';

const root = resolve(process.argv[2] ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'));
const started = Date.now();
const log = (line: string) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

const RATES = AGE_FEATURES.filter((name) => name !== 'log_age_days');
const STRESS_SEED = 20261130;
const DAY = 86_400_000;

const shipped = KIND_CANDIDATES.fake.find((candidate) => candidate.name === 'every-human') as KindCandidate;
const variants: KindCandidate[] = [
  shipped,
  { ...shipped, name: 'every-human-no-age', exclude: AGE_FEATURES },
];

const labelled = await readEvaluationData(root);
const label = (row: number) => labelled.labels[row] as Label;
const isPositive = (row: number) => label(row) === 'fake';
const ageOf = (account: Account) =>
  account.createdAt && account.observedAt
    ? account.observedAt.getTime() - account.createdAt.getTime()
    : undefined;

/**
 * The data with a copy of each tested fake appended, its creation date moved to give it the age of a random human of
 * the test: one training scores both the tested rows as they are and the age-matched copies.
 */
function withAgeMatched(testRows: readonly number[]): { data: typeof labelled; copies: number[] } {
  const random = createSeededRandom(STRESS_SEED);
  const humanAges = testRows.flatMap((row) => {
    const age = isPositive(row) ? undefined : ageOf(labelled.accounts[row] as Account);
    return age === undefined ? [] : [age];
  });
  const data = {
    ...labelled,
    accounts: [...labelled.accounts],
    labels: [...labelled.labels],
    collections: [...labelled.collections],
  };
  const copies: number[] = [];
  for (const row of testRows) {
    const account = labelled.accounts[row] as Account;
    if (!isPositive(row)) continue;
    const age = humanAges[Math.floor(random() * humanAges.length)];
    const moved =
      account.observedAt === undefined || age === undefined
        ? account
        : { ...account, createdAt: new Date(account.observedAt.getTime() - age) };
    copies.push(data.accounts.length);
    data.accounts.push(moved);
    data.labels.push(labelled.labels[row] as Label);
    data.collections.push(labelled.collections[row] as string);
  }
  return { data, copies };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const results = variants.map((variant) => {
  const tests = kindSplits(labelled, 'fake', variant).map(({ held, trainRows, testRows }) => {
    const { data, copies } = withAgeMatched(testRows);
    const humans = testRows.filter((row) => !isPositive(row));
    const scored = [...testRows, ...copies];
    const p = candidateProbabilities(data, variant, trainRows, scored, (row) => data.labels[row] === 'fake');
    if (p === undefined) throw new Error(`${variant.name}: one class in training without ${held}`);
    const at = new Map(scored.map((row, i) => [row, p[i] as number]));
    const auc = (rows: readonly number[]) =>
      rocAuc(
        Float64Array.from(rows, (row) => at.get(row) as number),
        Uint8Array.from(rows, (row) => (data.labels[row] === 'fake' ? 1 : 0)),
      );
    const asIs = auc(testRows);
    const matched = auc([...humans, ...copies]);
    const days = (positive: boolean) =>
      median(
        testRows.flatMap((row) => {
          const age = isPositive(row) === positive ? ageOf(labelled.accounts[row] as Account) : undefined;
          return age === undefined ? [] : [age / DAY];
        }),
      );
    log(
      `${variant.name}, held out ${held}: ROC AUC ${asIs?.toFixed(4)}, fakes as old as the humans ${matched?.toFixed(4)}`,
    );
    return {
      held,
      rocAuc: asIs,
      ageMatchedRocAuc: matched,
      medianAgeDays: { fakes: days(true), humans: days(false) },
    };
  });
  const mean = (pick: (test: (typeof tests)[number]) => number | null | undefined) => {
    const values = tests.flatMap((test) => {
      const value = pick(test);
      return value == null || test.held === 'cresci-2015' ? [] : [value];
    });
    return values.reduce((sum, value) => sum + value, 0) / values.length;
  };
  return {
    variant: variant.name,
    excluded: variant.exclude ?? [],
    tests,
    // The common collections of the kind table (cresci-2015's humans are not held out by every candidate there).
    meanCommon: mean((test) => test.rocAuc),
    meanCommonAgeMatched: mean((test) => test.ageMatchedRocAuc),
  };
});

log('TreeSHAP share of age and the per-day rates (AGE_FEATURES) in the shipped x-fake-follower, on INT');
const detector = await loadDetector('x-fake-follower');
const gbdt = gbdtModelFromJson(treesOf(detector.model));
const width = detector.featureSet.names.length;
const ageColumns = detector.featureSet.names.flatMap((name, j) => (name === 'log_age_days' ? [j] : []));
const rateColumns = detector.featureSet.names.flatMap((name, j) => (RATES.includes(name) ? [j] : []));
const row = new Float64Array(width);
const sums = { age: 0, rates: 0, all: 0, rows: 0 };
labelled.accounts.forEach((account, i) => {
  if (labelled.collections[i] !== 'cresci-2015' || !isPositive(i)) return;
  detector.featureSet.extract(account, row, 0);
  const { attributions } = explainMargin(gbdt, row, 0);
  for (let j = 0; j < width; j++) {
    const size = Math.abs(attributions[j] as number);
    sums.all += size;
    if (ageColumns.includes(j)) sums.age += size;
    if (rateColumns.includes(j)) sums.rates += size;
  }
  sums.rows++;
});

process.stdout.write(
  `${JSON.stringify(
    {
      protocol: 'kind-mixes.ts bought-follower tests (seeded half of INT vs each held-out human collection)',
      results,
      treeShapOnInt: {
        rows: sums.rows,
        ageAndRatesShare: (sums.age + sums.rates) / sums.all,
        ageShare: sums.age / sums.all,
        ratesShare: sums.rates / sums.all,
      },
      seconds: Math.round((Date.now() - started) / 1000),
    },
    null,
    2,
  )}\n`,
);
