// The audit's fake share against the truth: mixed audiences of held-out labelled rows (cresci-2015 humans and bought fakes), audited by a model trained on the other rows only.
//
// Rows of cresci-2015 E13 (humans) and INT (bought fakes) are split in two by a seeded stratified split. A model is
// trained (same config style as models/x.config.json) on the first half only; audiences at 5, 30 and 60 % fakes are
// drawn from the second half and audited. Nothing here is tuned to these numbers: the estimator's prior adjustment
// is chosen on an internal split of the training half, which the audited rows never enter.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { auditFollowers, type FollowerSource } from '../src/audit/audit-followers.ts';
import { estimateShare, type PriorAdjustment } from '../src/audit/fake-share-estimate.ts';
import { addScore, createScoreHistogram, weightedScores } from '../src/audit/score-histogram.ts';
import type { Account, Label } from '../src/core/account.ts';
import { toRealreachRecord } from '../src/ingest/formats/realreach.ts';
import { stratifiedHoldout } from '../src/model/cross-validate.ts';
import { createDetector, type Detector } from '../src/model/detector.ts';
import { type LabelledAccounts, readLabelledDatasets } from '../src/model/labelled-data.ts';
import { createSeededRandom } from '../src/model/seeded-random.ts';
import { trainModel } from '../src/model/train-model.ts';
import { trainingConfigSchema } from '../src/model/training-config.ts';
import { before, describe, it } from './skippable-tests.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DATASETS = process.env.REALREACH_DATASETS ?? resolve(ROOT, '..', 'shared', 'datasets');
const absent = existsSync(join(DATASETS, 'cresci-2015'))
  ? undefined
  : `${DATASETS}/cresci-2015 is absent: the correctness test needs the labelled datasets`;

const SEED = 20261125;
const AUDIENCE = 600;
const SHARES = [0.05, 0.3, 0.6] as const;
const RESAMPLES = 200;

interface Row {
  account: Account;
  label: Label;
  fake: boolean;
}

let rows: Row[] = [];
let trainRows: Row[] = [];
let heldOut: { fakes: Row[]; humans: Row[] } = { fakes: [], humans: [] };
let detector: Detector;

function split(of: Row[], seed: number): [Row[], Row[]] {
  const { fitRows, holdoutRows } = stratifiedHoldout(
    Uint8Array.from(of, (row) => (row.fake ? 1 : 0)),
    0.5,
    seed,
  );
  return [Array.from(fitRows, (i) => of[i] as Row), Array.from(holdoutRows, (i) => of[i] as Row)];
}

/** A model trained on `train` only, with the bundled x model's config but for its datasets. */
async function trainOn(train: Row[], name: string): Promise<Detector> {
  const dir = mkdtempSync(join(tmpdir(), `realreach-${name}-`));
  writeFileSync(
    join(dir, 'train.jsonl'),
    `${train.map((row) => JSON.stringify(toRealreachRecord(row.account, row.label))).join('\n')}\n`,
  );
  const config = trainingConfigSchema.parse({
    name,
    description: `cresci-2015 humans and fakes, ${train.length} rows of a seeded split (test model)`,
    platforms: ['x'],
    features: 'all',
    exclude: ['is_verified'],
    positive: ['fake', 'bot'],
    negative: ['human'],
    datasets: [{ collection: 'cresci-2015', path: 'train.jsonl' }],
    seed: SEED,
    folds: 5,
  });
  return createDetector(await trainModel(config, dir));
}

/** `size` rows with exactly round(size × share) fakes, drawn without replacement. */
function drawAudience(pool: typeof heldOut, share: number, size: number, random: () => number): Row[] {
  const pick = (from: Row[], count: number) => {
    const copy = [...from];
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(random() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j] as Row, copy[i] as Row];
    }
    return copy.slice(0, count);
  };
  const fakes = Math.round(size * share);
  return [...pick(pool.fakes, fakes), ...pick(pool.humans, size - fakes)];
}

function source(audience: Row[]): FollowerSource {
  return {
    format: { name: 'mib' },
    input: { display: 'held-out cresci-2015 rows' },
    notes: [],
    async *batches() {
      yield audience.map((row) => ({ ok: true as const, account: row.account, label: row.label }));
    },
  };
}

const audit = (audience: Row[], seed: number) =>
  auditFollowers(source(audience), {
    detectorFor: async () => detector,
    seed,
    tableSize: 0,
    mostSuspicious: 0,
    explainTop: 0,
  });

const pp = (share: number) => `${(share * 100).toFixed(2)} pp`;
const percent = (share: number) => `${(share * 100).toFixed(2)} %`;

describe('audit correctness on held-out labelled rows', { skip: absent }, () => {
  before(async () => {
    const labelled: LabelledAccounts = await readLabelledDatasets(
      [
        { collection: 'cresci-2015', path: 'cresci-2015/E13/users.csv' },
        { collection: 'cresci-2015', path: 'cresci-2015/INT/users.csv' },
      ],
      DATASETS,
    );
    rows = labelled.accounts.map((account, i) => {
      const label = labelled.labels[i] as Label;
      return { account, label, fake: label !== 'human' };
    });
    const [train, test] = split(rows, SEED);
    trainRows = train;
    heldOut = { fakes: test.filter((row) => row.fake), humans: test.filter((row) => !row.fake) };
    detector = await trainOn(trainRows, 'correctness');
  });

  it('chooses the prior adjustment on an internal split of the training half', async () => {
    const [inner, validation] = split(trainRows, SEED + 1);
    const innerDetector = await trainOn(inner, 'prior-choice');
    const pool = {
      fakes: validation.filter((row) => row.fake),
      humans: validation.filter((row) => !row.fake),
    };
    const random = createSeededRandom(SEED + 2);
    const trainingPrior = innerDetector.model.card.trainingPositiveShare;
    for (const share of SHARES) {
      const errors: Record<PriorAdjustment, number[]> = { em: [], none: [] };
      for (let repeat = 0; repeat < 40; repeat++) {
        const audience = drawAudience(pool, share, 250, random);
        const histogram = createScoreHistogram();
        for (const row of audience) addScore(histogram, innerDetector.score(row.account).pFake);
        for (const adjustment of ['em', 'none'] as const)
          errors[adjustment].push(
            estimateShare(weightedScores(histogram), trainingPrior, adjustment).share - share,
          );
      }
      const mae = (values: number[]) =>
        values.reduce((sum, value) => sum + Math.abs(value), 0) / values.length;
      const bias = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
      console.log(
        `prior adjustment, internal split, ${share * 100} % fakes: EM bias ${pp(bias(errors.em))}, mean abs error ${pp(mae(errors.em))}; unadjusted mean p bias ${pp(bias(errors.none))}, mean abs error ${pp(mae(errors.none))}`,
      );
      if (share !== 0.3) assert.ok(mae(errors.em) <= mae(errors.none), `EM should not be worse at ${share}`);
    }
  });

  it('estimates 5, 30 and 60 % fakes within 3 points, each interval covering the truth', async () => {
    const random = createSeededRandom(SEED + 3);
    for (const share of SHARES) {
      const { report } = await audit(drawAudience(heldOut, share, AUDIENCE, random), 1);
      const { estimate, low, high } = report.fakeShare;
      console.log(
        `${share * 100} % fakes (${AUDIENCE} held-out followers): estimate ${percent(estimate)} (95 % CI ${percent(low)}–${percent(high)}), error ${pp(estimate - share)}, unlike the training data ${percent(report.domainShift.unlikeShare)}`,
      );
      assert.ok(Math.abs(estimate - share) <= 0.03, `estimate ${estimate} for ${share}`);
      assert.ok(low <= share && share <= high, `interval ${low}–${high} misses ${share}`);
    }
  });

  it(`covers the truth with its 95 % interval in at least 90 % of ${RESAMPLES} seeded resampled audiences`, async () => {
    const random = createSeededRandom(SEED + 4);
    let covered = 0;
    const byShare = new Map(
      SHARES.map((share) => [share, { covered: 0, count: 0, errors: [] as number[], widths: 0 }]),
    );
    for (let resample = 0; resample < RESAMPLES; resample++) {
      const share = SHARES[resample % SHARES.length] as (typeof SHARES)[number];
      const { report } = await audit(drawAudience(heldOut, share, AUDIENCE, random), resample);
      const { estimate, low, high } = report.fakeShare;
      const stats = byShare.get(share) as NonNullable<ReturnType<typeof byShare.get>>;
      stats.count++;
      stats.errors.push(estimate - share);
      stats.widths += high - low;
      if (low <= share && share <= high) {
        covered++;
        stats.covered++;
      }
    }
    for (const [share, stats] of byShare) {
      const rmse = Math.sqrt(stats.errors.reduce((sum, error) => sum + error * error, 0) / stats.count);
      const worst = Math.max(...stats.errors.map(Math.abs));
      console.log(
        `${share * 100} % fakes: coverage ${stats.covered}/${stats.count}, RMSE ${pp(rmse)}, worst error ${pp(worst)}, mean interval width ${pp(stats.widths / stats.count)}`,
      );
    }
    console.log(
      `coverage over ${RESAMPLES} resamples: ${covered}/${RESAMPLES} (${((covered / RESAMPLES) * 100).toFixed(1)} %)`,
    );
    assert.ok(covered >= 0.9 * RESAMPLES, `covered ${covered} of ${RESAMPLES}`);
  });
});
