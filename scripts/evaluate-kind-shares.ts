// The audit's kind shares (bought fake followers, spam bots) on X audiences of known kinds, before and after the kinds got the feature shift test and its defended interval: nice -n 10 node --import tsx scripts/evaluate-kind-shares.ts [datasets root] [--write] [--json FILE] [--from FILE]
//
// Prints the EVALUATION.md section (progress on stderr); --write replaces it in EVALUATION.md (a full `realreach
// eval` carries it over, since it does not rerun this); --json FILE keeps every trial; --from FILE renders a kept
// run without recomputing it. About 40 minutes on the 2-core VM under load (the left-out models are trained; cached
// in the system's temporary folder like `realreach eval`'s).
//
// Audiences (the accuracy evaluation's, src/audit/accuracy/accuracy-evaluation.ts, drawn from x's rows by class):
// in-distribution — x's pooled plan (40 audiences at each of 0, 5, 30, 60, 100 % fake or bot, 1,000 followers) and
// the collection plan on each X collection alone (20 per share, 500 followers), every row scored by copies of x and
// of the two kind models that never trained on it (cross-fitted; rows outside a kind model's classes by the bundled
// kind model, which never saw them); left out — each X collection in turn, all three configs trained without it
// (20 per share, 500 followers). The truth of a kind is the share of the audience's rows labelled that kind.
// Each audience is estimated as `realreach audit` does (src/audit/fake-share/kind-shares.ts): the fake share by x with its
// feature test, then each kind —
//   before: its own interval from the score test; bounded to [0, the fake share's upper end] when its score test or
//           the fake share's feature test fired, or the kinds disagreed with the fake share (7af9653);
//   after:  its own feature test against its own model's training parts, and when it fires the interval the method
//           defends; cut at the fake share's upper end, its estimate at most the fake share's; bounded only when the
//           kinds and the fake share cannot both be right.
//
// Criteria, written before the first run of this script:
//  (a) in-distribution, per kind over the pooled and one-collection audiences together: issue 9's estimator bar,
//      mean absolute error <= 2 pp and 95 % interval coverage >= 93 %;
//  (b) left out, per kind: issue 9's unseen-audience criterion, |estimate - truth| <= 5 pp, or the interval covers
//      the truth and the report says the figure may be off (the kind "at most" the fake share, or its shift test
//      fired) — the share of audiences where it holds.
//  (A collection that holds all of a kind's rows — cresci-2015 holds every bought fake follower — cannot be left out
//  for that kind: its model would have nothing to train on; such collections are listed, not measured.)
//  "after" is kept if, for each kind, it meets (a) and its share in (b) is at least "before"'s; otherwise the
//  result says so and the change is reverted.
//
// A third rule, "parts", added 2026-11-30 with its criteria written here before its first run: each kind's share is
// the weight of its own parts (the union's positive parts that are the kind model's positives) in the parts' mix that
// the fake share is (src/audit/fake-share/parts-mix.ts), with the kind's own interval (the "before" rule's) kept whole and its
// reach carried around the mix's share, then bounded by the fake share as "before" is. On the same run the union's
// score components lose the audience's own rows too (as the accuracy evaluation's do, componentsWithout), for every
// rule. "parts" replaces "before" in the audit if, for each kind:
//  (a1) in-distribution, over the audiences that left a row of every one of x's training parts: mean absolute error
//       <= 2 pp and coverage >= 93 % (an audience that took a whole part — all 146 TwiBot-22 bots — is tested
//       against parts that hold none of its kind: a left-out audience in all but name, EVALUATION.md's shift test);
//  (a2) in-distribution, every audience: the share where issue 9's unseen-audience criterion holds at least
//       "before"'s;
//  (b)  left out: the share where that criterion holds at least "before"'s.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COLLECTION_PLAN, POOLED_PLAN } from '../src/audit/accuracy/accuracy-evaluation.ts';
import {
  type KindRows,
  type KindShareResult,
  type KindTrial,
  renderKindShareSection,
  replaceKindShareSection,
  runKindTrials,
} from '../src/audit/accuracy/kind-share-trials.ts';
import {
  bundledConfig,
  crossFittedPool,
  leftOutPool,
  poolFeatures,
} from '../src/audit/accuracy/scored-pools.ts';
import type { Label } from '../src/core/account.ts';
import { createDetector } from '../src/model/detector.ts';
import { selectRows } from '../src/model/labelled-matrix.ts';
import { readModelFile } from '../src/model/model-file.ts';
import { readLabelledDatasets } from '../src/model/training/labelled-data.ts';
import { featureSetOf, toLabelledMatrix } from '../src/model/training/train-model.ts';

const args = process.argv.slice(2);
const flagValue = (flag: string) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const jsonOut = flagValue('--json');
const from = flagValue('--from');
const write = args.includes('--write');
const root = resolve(
  args.find((arg, i) => !arg.startsWith('--') && !['--json', '--from'].includes(args[i - 1] ?? '')) ??
    resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'),
);
const started = Date.now();
const log = (line: string) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

/** Every audience of the plan, estimated by both rules. */
async function measure(): Promise<KindShareResult> {
  const xConfig = await bundledConfig('x');
  const labelled = await readLabelledDatasets(xConfig.datasets, root);
  const xSet = featureSetOf(xConfig);
  const { rows: xRows } = toLabelledMatrix(labelled.accounts, labelled.labels, xSet, xConfig);
  const labels = xRows.map((row) => labelled.labels[row] as Label);
  const collections = xRows.map((row) => labelled.collections[row] as string);
  const xClasses = [...xConfig.positive, ...xConfig.negative];
  log(`x: ${xRows.length} rows`);

  const xPool = await crossFittedPool('x', root);
  const xFeatures = await poolFeatures('x', root);
  if (xPool.p.length !== xRows.length) throw new Error('x: cross-fitted pool and rows differ');

  // x is the union of its kind models: its members are the kinds.
  const kindNames = (xConfig.members ?? []).map(({ kind, model }) => [kind, model] as const);
  const kinds = await Promise.all(
    kindNames.map(async ([kind, name]) => {
      const config = await bundledConfig(name);
      const model = await readModelFile(name);
      if (!model.featureParts) throw new Error(`${name}: the model file has no training parts`);
      const featureSet = featureSetOf(config);
      // Every x row in the kind model's features, and the kind's own rows out of fold.
      const all = toLabelledMatrix(labelled.accounts, labelled.labels, featureSet, xConfig).data;
      const own = toLabelledMatrix(labelled.accounts, labelled.labels, featureSet, config).rows;
      const pool = await crossFittedPool(name, root);
      const outOfFold = new Map(own.map((row, i) => [row, pool.p[i] as number]));
      const bundled = createDetector(model).scoreRows(all.matrix, new Float64Array(xRows.length));
      const p = xRows.map((row, i) => outOfFold.get(row) ?? (bundled[i] as number));
      const inParts = labels.map(
        (label) => config.positive.includes(label) || config.negative.includes(label),
      );
      return {
        kind,
        name,
        config,
        label: config.positive[0] as Label,
        model,
        matrix: all.matrix,
        names: featureSet.names,
        nFeatures: all.nFeatures,
        p,
        inParts,
        fake: labels.map((label) => (config.positive.includes(label) ? 1 : 0)),
      };
    }),
  );

  const inDistribution = (group: string, keep: (row: number) => boolean): KindRows => {
    const rows = xRows.map((_, i) => i).filter(keep);
    const pick = <T>(values: readonly T[]) => rows.map((row) => values[row] as T);
    const crossFitted = xFeatures.crossFitted;
    return {
      group,
      labels: pick(labels),
      collection: pick(collections),
      union: {
        model: xPool.model,
        p: pick(xPool.p),
        unlike: pick(xPool.unlike),
        features: {
          ...crossFitted,
          matrix: selectRows(
            {
              matrix: crossFitted.matrix,
              labels: new Uint8Array(xRows.length),
              nFeatures: crossFitted.nFeatures,
            },
            rows,
          ).matrix,
          fake: pick(crossFitted.fake),
          collection: pick(crossFitted.collection),
        },
        inParts: rows.map(() => true),
      },
      kinds: kinds.map((kind) => ({
        kind: kind.kind,
        label: kind.label,
        rows: {
          model: kind.model,
          p: pick(kind.p),
          unlike: rows.map(() => 0),
          features: {
            matrix: selectRows(
              { matrix: kind.matrix, labels: new Uint8Array(xRows.length), nFeatures: kind.nFeatures },
              rows,
            ).matrix,
            nFeatures: kind.nFeatures,
            names: kind.names,
            fake: pick(kind.fake),
            collection: pick(collections),
            parts: kind.model.featureParts as NonNullable<typeof kind.model.featureParts>,
            leaveAudienceOut: true,
          },
          inParts: pick(kind.inParts),
        },
      })),
    };
  };

  const trials: KindTrial[] = [];
  log('in-distribution: pooled');
  trials.push(
    ...runKindTrials(
      inDistribution('pooled', () => true),
      POOLED_PLAN,
    ),
  );
  const xCollections = [...new Set(xConfig.datasets.map((dataset) => dataset.collection))];
  for (const collection of xCollections) {
    log(`in-distribution: ${collection}`);
    trials.push(
      ...runKindTrials(
        inDistribution(collection, (row) => collections[row] === collection),
        COLLECTION_PLAN,
      ),
    );
  }
  const leftOutTrials: KindTrial[] = [];
  const skipped: string[] = [];
  for (const collection of xCollections) {
    const untrainable = kinds.filter(
      (kind) => !labels.some((label, row) => label === kind.label && collections[row] !== collection),
    );
    if (untrainable.length > 0) {
      skipped.push(
        `${collection}: left out, ${untrainable.map((kind) => kind.name).join(' and ')} would have no ${untrainable.map((kind) => kind.label).join('/')} rows to train on (the collection holds them all), so its kind shares cannot be measured unseen`,
      );
      log(skipped[skipped.length - 1] as string);
      continue;
    }
    log(`left out: ${collection} (training x and both kind configs without it)`);
    const xLeft = await leftOutPool(xConfig, collection, root);
    const xLeftFeatures = xFeatures.leftOut(collection);
    const rows = xRows.map((_, i) => i).filter((row) => collections[row] === collection);
    if (xLeft.p.length !== rows.length) throw new Error(`${collection}: x left-out pool and rows differ`);
    const kindRows = await Promise.all(
      kinds.map(async (kind) => {
        const left = await leftOutPool(kind.config, collection, root, xClasses);
        if (left.p.length !== rows.length)
          throw new Error(`${collection}: ${kind.name} left-out pool and rows differ`);
        if (!left.model.featureParts)
          throw new Error(`${kind.name} without ${collection}: no training parts`);
        return {
          kind: kind.kind,
          label: kind.label,
          rows: {
            model: left.model,
            p: left.p,
            unlike: left.unlike,
            features: {
              matrix: selectRows(
                { matrix: kind.matrix, labels: new Uint8Array(xRows.length), nFeatures: kind.nFeatures },
                rows,
              ).matrix,
              nFeatures: kind.nFeatures,
              names: kind.names,
              fake: rows.map((row) => kind.fake[row] as number),
              collection: rows.map(() => collection),
              parts: left.model.featureParts,
              leaveAudienceOut: false,
            },
            inParts: rows.map(() => false),
          },
        };
      }),
    );
    leftOutTrials.push(
      ...runKindTrials(
        {
          group: collection,
          labels: rows.map((row) => labels[row] as Label),
          collection: rows.map(() => collection),
          union: {
            model: xLeft.model,
            p: xLeft.p,
            unlike: xLeft.unlike,
            features: xLeftFeatures,
            inParts: rows.map(() => false),
          },
          kinds: kindRows,
        },
        COLLECTION_PLAN,
      ),
    );
  }
  return {
    inDistribution: trials,
    leftOut: leftOutTrials,
    skipped,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

const result: KindShareResult = from
  ? (JSON.parse(readFileSync(from, 'utf8')) as KindShareResult)
  : await measure();
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(result));
const section = renderKindShareSection(
  result,
  'nice -n 10 node --import tsx scripts/evaluate-kind-shares.ts --write',
);
if (write) {
  const path = resolve(import.meta.dirname, '..', 'EVALUATION.md');
  writeFileSync(path, replaceKindShareSection(readFileSync(path, 'utf8'), section));
  log(`replaced the kind-share section of ${path}`);
}
process.stdout.write(section);
