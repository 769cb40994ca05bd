import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account } from '../core/account.ts';
import { ALL_FEATURES } from '../features/index.ts';
import { createDetector } from './detector.ts';
import { fitDomainProfile } from './domain-profile.ts';
import { explainMargin } from './explain/explain.ts';
import { gbdtModelFromJson, gbdtModelToJson } from './gbdt/serialize.ts';
import { trainGbdt } from './gbdt/train.ts';
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelFile,
  parseModelFile,
  serializeModelFile,
  treesOf,
} from './model-file.ts';
import { createSeededRandom } from './seeded-random.ts';
import { balancedWeights, toLabelledMatrix } from './training/train-model.ts';

const source = { format: 'test', file: 'test' };
const observedAt = new Date('2020-01-01T00:00:00Z');

/** Fakes follow many and are followed by few; humans the other way round. */
function syntheticAccounts(n: number): { accounts: Account[]; labels: ('fake' | 'human')[] } {
  const random = createSeededRandom(7);
  const accounts: Account[] = [];
  const labels: ('fake' | 'human')[] = [];
  for (let i = 0; i < n; i++) {
    const fake = i % 2 === 0;
    accounts.push({
      platform: 'x',
      id: String(i),
      handle: fake ? `user${Math.floor(random() * 1e6)}` : `person_${i}`,
      followersCount: Math.floor(fake ? random() * 20 : 100 + random() * 2000),
      followingCount: Math.floor(fake ? 1000 + random() * 4000 : random() * 800),
      postsCount: Math.floor(fake ? random() * 10 : 50 + random() * 5000),
      createdAt: new Date(observedAt.getTime() - (fake ? 30 : 2000) * 86_400_000 * (0.5 + random())),
      observedAt,
      source,
    });
    labels.push(fake ? 'fake' : 'human');
  }
  return { accounts, labels };
}

function trainedModelFile(): ModelFile {
  const { accounts, labels } = syntheticAccounts(600);
  const config = { positive: ['fake' as const], negative: ['human' as const], balanceClasses: true };
  const { data } = toLabelledMatrix(accounts, labels, ALL_FEATURES, config);
  const { model } = trainGbdt(
    data.matrix,
    data.labels,
    data.nFeatures,
    { nEstimators: 40, seed: 3 },
    {
      sampleWeights: balancedWeights(data.labels),
    },
  );
  const zeroMetrics = {
    rows: 0,
    positives: 0,
    accuracy: 0,
    precision: 0,
    recall: 0,
    f1: 0,
    mcc: 0,
    rocAuc: null,
    prAuc: null,
    ece: 0,
    logLoss: 0,
    brier: 0,
  };
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    name: 'test',
    description: 'synthetic',
    platforms: ['x'],
    positiveLabels: ['fake'],
    featureSetVersion: ALL_FEATURES.version,
    features: [...ALL_FEATURES.names],
    gbdt: gbdtModelToJson(model),
    calibration: { kind: 'platt', a: 1, b: 0 },
    threshold: 0.5,
    domain: fitDomainProfile(data.matrix, data.nFeatures),
    card: {
      config: {
        name: 'test',
        description: 'synthetic',
        platforms: ['x'],
        features: 'all',
        exclude: [],
        positive: ['fake'],
        negative: ['human'],
        datasets: [{ collection: 'synthetic', path: 'none' }],
        seed: 3,
        folds: 2,
        balanceClasses: true,
        params: {},
      },
      command: 'none',
      datasets: [],
      rowsPerClass: { positive: 300, negative: 300 },
      trainingPositiveShare: 0.5,
      trees: model.trees.length,
      crossValidated: zeroMetrics,
      reliability: [],
      scoreComponents: [],
    },
  };
}

describe('detector', () => {
  const file = trainedModelFile();
  const detector = createDetector(parseModelFile(serializeModelFile(file), 'test.json'));

  it('scores a mass follower as fake, with reasons that name its own numbers and add up to the margin', () => {
    const suspect: Account = {
      platform: 'x',
      id: 'a',
      handle: 'zz98765',
      followersCount: 3,
      followingCount: 4100,
      postsCount: 1,
      createdAt: new Date('2019-12-01T00:00:00Z'),
      observedAt,
      source,
    };
    const score = detector.score(suspect, 3);
    assert.ok(score.pFake > 0.9, `p(fake) ${score.pFake}`);
    assert.equal(score.reasons?.length, 3);
    assert.ok(
      score.reasons?.every((reason) => reason.effect > 0),
      'reasons of a suspicious verdict push towards fake',
    );
    assert.ok(
      score.reasons?.some((reason) => /4,100|3 followers|1 post|days? old/.test(reason.text)),
      JSON.stringify(score.reasons),
    );
    const row = ALL_FEATURES.extract(suspect);
    const { baseValue, attributions } = explainMargin(gbdtModelFromJson(treesOf(file)), row);
    for (const reason of score.reasons ?? []) {
      assert.equal(reason.direction, reason.effect > 0 ? 'raised' : 'lowered');
      assert.ok(reason.text.endsWith(`(${reason.direction} suspicion)`), reason.text);
    }
    const total = attributions.reduce((sum, value) => sum + value, baseValue);
    assert.ok(Math.abs(total - score.margin) < 1e-9);
  });

  it('says which way each reason moved the score, never the same sentence twice, down to the weakest', () => {
    const { accounts } = syntheticAccounts(60);
    for (const account of accounts) {
      const score = detector.score(account, 40);
      const reasons = score.reasons ?? [];
      const texts = reasons.map((reason) => reason.text.replace(/ \((raised|lowered) suspicion\)$/, ''));
      assert.equal(new Set(texts).size, texts.length, JSON.stringify(texts));
      const suspicious = score.pFake >= file.threshold;
      const towards = reasons.map((reason) => (suspicious ? reason.effect > 0 : reason.effect < 0));
      assert.deepEqual(
        towards,
        [...towards].sort((a, b) => Number(b) - Number(a)),
        "the verdict's side first",
      );
      for (const reason of reasons) {
        assert.ok(reason.effect !== 0);
        if (reason.direction === 'none') continue;
        assert.equal(reason.direction, reason.effect > 0 ? 'raised' : 'lowered');
        assert.doesNotMatch(reason.text, /(^|[^.,\d])1 (posts|followers|accounts|lists|bits)\b/);
      }
    }
  });

  it('gives no reason for a missing fact: a thin profile hears once which facts the list lacks', () => {
    const thin: Account = { platform: 'x', id: 't', handle: 'thin_one', followersCount: 40, source };
    const reasons = detector.score(thin, 40).reasons ?? [];
    const texts = reasons.map((reason) => reason.text);
    assert.equal(new Set(texts).size, texts.length, JSON.stringify(texts));
    for (const text of texts) assert.doesNotMatch(text, /unknown/, text);
    const lacking = reasons.filter((reason) => reason.direction === 'none');
    assert.equal(lacking.length, 1, JSON.stringify(texts));
    assert.equal(reasons.at(-1), lacking[0], 'after the reasons');
    assert.match(lacking[0]?.text ?? '', /^the list does not give its .*following count.*creation date/);
    assert.doesNotMatch(lacking[0]?.text ?? '', /suspicion/);
    for (const reason of reasons)
      if (reason.direction !== 'none') assert.doesNotMatch(reason.text, /does not give/, reason.text);
    const three = detector.score(thin, 3).reasons ?? [];
    assert.equal(three.length, 3, 'the note takes the last of the places asked for, never one more');
    assert.equal(three[2]?.direction, 'none');
    assert.equal(detector.score(thin, 1).reasons?.[0]?.direction === 'none', false, 'one place: a reason');
  });

  it('scores a batch exactly as one by one', () => {
    const { accounts } = syntheticAccounts(50);
    const batch = detector.scoreAccounts(accounts);
    accounts.forEach((account, i) => {
      const single = detector.score(account);
      assert.ok(Math.abs((batch.pFake[i] as number) - single.pFake) < 1e-12);
      assert.equal(batch.unlikeTraining[i] === 1, single.unlikeTraining);
    });
  });

  it('flags a follower far outside the training data', () => {
    const odd: Account = {
      platform: 'x',
      id: 'b',
      followersCount: 90_000_000,
      followingCount: 0,
      postsCount: 9_000_000,
      createdAt: new Date('2000-01-01T00:00:00Z'),
      observedAt,
      source,
    };
    const score = detector.score(odd);
    assert.equal(score.unlikeTraining, true);
    assert.equal(score.reasons, undefined);
  });

  it('refuses a model file whose features this realreach does not have', () => {
    const broken = { ...file, features: [...file.features.slice(0, -1), 'follower_colour'] };
    assert.throws(
      () => parseModelFile(serializeModelFile(broken), 'broken.json'),
      /features this realreach does not have: follower_colour/,
    );
    const old = { ...file, featureSetVersion: '0' };
    assert.throws(
      () => parseModelFile(serializeModelFile(old), 'old.json'),
      /feature set version 0.*retrain/,
    );
    assert.throws(
      () => parseModelFile('{"format": "realreach-model"}', 'bad.json'),
      /bad\.json: not a valid realreach model: formatVersion/,
    );
  });

  it('serialises the same model to the same bytes', () => {
    assert.equal(
      serializeModelFile(file),
      serializeModelFile(parseModelFile(serializeModelFile(file), 'again')),
    );
  });
});
