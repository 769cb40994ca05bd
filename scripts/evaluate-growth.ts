// `npm run eval:growth`: the growth stage's done-when measurements — events on seeded synthetic histories, spikes judged and batches found among the shared labelled accounts scored by the bundled x model, reconstruction lag.
// Run: npm run eval:growth [-- --scale 0.1] [-- --datasets DIR] [-- --json]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureEventDetection } from '../src/growth/evaluation/event-accuracy.ts';
import {
  type LabelledPools,
  measureBatchFinding,
  measureSpikeJudgement,
  type ScoredLabelled,
} from '../src/growth/evaluation/labelled-follow-order.ts';
import { loadDetector } from '../src/model/detector.ts';
import { readLabelledDatasets } from '../src/model/training/labelled-data.ts';
import { readTrainingConfig } from '../src/model/training/training-config.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    datasets: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
if (!(scale > 0)) throw new Error(`--scale: expected a number > 0, got "${values.scale}"`);
const datasets = resolve(values.datasets ?? resolve(ROOT, '..', 'shared', 'datasets'));
const count = (n: number) => Math.max(1, Math.round(n * scale));
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const results: Record<string, unknown> = { scale };
const lines: string[] = [];

const events = measureEventDetection(count(500), 1);
results.events = events;
lines.push(
  `Events on ${events.series} seeded synthetic daily histories (365 days; organic growth, weekly rhythm, noise; 4 injected events each, 5–40x the day-to-day noise per day) and ${events.organicSeries} purely organic ones:`,
  `  precision ${events.precision.toFixed(3)} (${events.truePositives}/${events.detected}), recall ${events.recall.toFixed(3)} (${events.found}/${events.injected}); organic series with no event ${pct(events.organicQuiet / events.organicSeries)} (${events.organicQuiet}/${events.organicSeries})`,
  `  recall by kind: ${Object.entries(events.recallByKind)
    .map(([kind, t]) => `${kind} ${t.found}/${t.injected}`)
    .join(', ')}`,
);

if (!existsSync(datasets)) {
  lines.push(
    `Spike judgement and batches: skipped — no labelled datasets at ${datasets} (give --datasets DIR).`,
  );
} else {
  const config = await readTrainingConfig(resolve(ROOT, 'models', 'x.config.json'));
  const labelled = await readLabelledDatasets(config.datasets, datasets);
  const detector = await loadDetector('x');
  const { pFake } = detector.scoreAccounts(labelled.accounts);
  const pools: LabelledPools = { humans: [], bought: [], scattered: [] };
  labelled.accounts.forEach((account, i) => {
    if (account.createdAt === undefined) return;
    const scored: ScoredLabelled = {
      pFake: pFake[i] as number,
      createdAt: account.createdAt,
      ...(account.handle === undefined ? {} : { handle: account.handle }),
      ...(account.hasDefaultAvatar === undefined ? {} : { hasDefaultAvatar: account.hasDefaultAvatar }),
    };
    const label = labelled.labels[i];
    (label === 'human' ? pools.humans : label === 'fake' ? pools.bought : pools.scattered).push(scored);
  });
  lines.push(
    `Labelled X accounts (models/x.config.json's datasets at ${datasets}), scored by the bundled x model: ${pools.humans.length} human, ${pools.bought.length} fake (bought: cresci-2015 INT), ${pools.scattered.length} spam bots. The x model was trained on these accounts, so its scores here are in-sample; the growth rules themselves were not fitted to them.`,
  );
  const spikes = measureSpikeJudgement(pools, count(400), 7);
  results.spikes = spikes;
  lines.push(
    `Spikes judged by who arrived (${spikes.trials} spikes of 50–400 arrivals against 2,730-follower audiences; half bought, half viral): accuracy ${spikes.accuracy.toFixed(3)} (${spikes.correct}/${spikes.trials}; "unclear" counts as wrong)`,
    `  bought → ${JSON.stringify(spikes.verdicts.bought)}, viral → ${JSON.stringify(spikes.verdicts.viral)}`,
  );
  for (const delivery of ['creation-order', 'shuffled'] as const) {
    const batches = measureBatchFinding(pools, {
      lists: count(20),
      organic: 10_000,
      batchesPerList: 3,
      delivery,
      seed: 11,
    });
    results[`batches-${delivery}`] = batches;
    lines.push(
      `Bought batches delivered in ${delivery === 'creation-order' ? 'the order they were made' : 'random order'} (${batches.lists} lists of 10,000 organic followers, 5 % of them spam bots followed one at a time, in a plausible follow order, with 3 batches of 200–330 fake-labelled accounts each):`,
      `  batches found with >= 80 % of their accounts ${pct(batches.batchesFound / batches.batches)} (${batches.batchesFound}/${batches.batches}); false batches ${batches.falseBatches} = ${batches.falseBatchesPer100k.toFixed(2)} per 100,000 organic followers; found batches' accounts that were inserted ${pct(batches.memberPrecision)}`,
      `  reconstruction: followers whose rebuilt follow time is later than the true one ${batches.boundViolations}; median lag ${batches.medianLagDays.toFixed(0)} days`,
    );
  }
}
process.stdout.write(values.json ? `${JSON.stringify(results, null, 2)}\n` : `${lines.join('\n')}\n`);
