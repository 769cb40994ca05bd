// The bundled x model is a union of its two kind models: its p(fake) is their calibrated noisy-or, its reasons the dominating kind's, and a member that is not the one it was calibrated on is refused.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Account } from '../core/account.ts';
import { applyCalibration } from './calibrate.ts';
import { createDetector, type Detector, loadDetector } from './detector.ts';
import { FOLLOWER_KIND_NOUNS, type FollowerKind } from './follower-kinds.ts';
import { noisyOrMargin } from './logistic.ts';
import {
  BUNDLED_MODELS_DIR,
  checkUnionMembers,
  type ModelFile,
  modelFileSha256,
  parseModelFile,
  readModelFile,
  readModelWithMembers,
  serializeModelFile,
} from './model-file.ts';
import { createSeededRandom } from './seeded-random.ts';

const source = { format: 'test', file: 'test' };
const observedAt = new Date('2019-06-01T00:00:00Z');

/** Seeded accounts spread over the features the models split on: mass followers, spammers, quiet humans. */
function accounts(count: number): Account[] {
  const random = createSeededRandom(42);
  const log = (max: number) => Math.floor(Math.exp(random() * Math.log(max)));
  return Array.from({ length: count }, (_, i) => ({
    platform: 'x',
    id: String(i),
    handle: random() < 0.5 ? `user${log(1e8)}` : `name_${i}`,
    ...(random() < 0.7 ? { bio: 'x'.repeat(log(160)) } : {}),
    followersCount: log(1e5),
    followingCount: log(5000),
    postsCount: log(1e5),
    likesCount: log(1e4),
    listedCount: log(50),
    hasDefaultAvatar: random() < 0.2,
    createdAt: new Date(observedAt.getTime() - (1 + log(4000)) * 86_400_000),
    observedAt,
    source,
  }));
}

let union: ModelFile;
let members: ModelFile[];
let detector: Detector;

before(async () => {
  ({ model: union, members } = await readModelWithMembers('x'));
  detector = createDetector(union, members);
});

describe('the x union model', () => {
  it('has no trees of its own: two members, each pinned by the SHA-256 of its file', () => {
    assert.equal(union.gbdt, undefined);
    assert.deepEqual(
      union.members?.map(({ kind, model }) => [kind, model]),
      [
        ['fakeFollower', 'x-fake-follower'],
        ['spamBot', 'x-spam-bot'],
      ],
    );
    for (const member of union.members ?? []) {
      const text = readFileSync(join(BUNDLED_MODELS_DIR, `${member.model}.json`), 'utf8');
      assert.equal(member.sha256, modelFileSha256(text), member.model);
      assert.equal(
        serializeModelFile(parseModelFile(text, member.model)),
        text,
        'read and written back, the same bytes',
      );
    }
    assert.equal(
      union.card.trees,
      members.reduce((sum, member) => sum + member.card.trees, 0),
    );
  });

  it('scores p(fake) = calibration(logit(1 - (1 - p_fake follower)(1 - p_spam bot))), the same one by one and in rows', () => {
    const list = accounts(300);
    const [fakeFollower, spamBot] = members.map((member) => createDetector(member));
    const rows = detector.scoreAccounts(list).pFake;
    const width = detector.featureSet.names.length;
    const matrix = new Float64Array(list.length * width);
    list.forEach((account, i) => {
      detector.featureSet.extract(account, matrix, i * width);
    });
    const memberOut = [new Float64Array(list.length), new Float64Array(list.length)];
    const fromRows = detector.scoreRows(matrix, new Float64Array(list.length), memberOut);
    let spread = 0;
    list.forEach((account, i) => {
      const pf = fakeFollower?.score(account).pFake as number;
      const ps = spamBot?.score(account).pFake as number;
      const expected = applyCalibration(union.calibration, noisyOrMargin((1 - pf) * (1 - ps)));
      const score = detector.score(account);
      assert.ok(Math.abs(score.pFake - expected) < 1e-12, `${i}: ${score.pFake} vs ${expected}`);
      assert.ok(Math.abs((rows[i] as number) - expected) < 1e-12);
      assert.ok(Math.abs((fromRows[i] as number) - expected) < 1e-12);
      assert.deepEqual(score.pKind, { fakeFollower: pf, spamBot: ps });
      assert.ok(
        Math.abs((memberOut[0]?.[i] as number) - pf) < 1e-12 &&
          Math.abs((memberOut[1]?.[i] as number) - ps) < 1e-12,
      );
      // The noisy-or is at least each kind's p: calibration (near identity here) aside, no kind is lost.
      assert.ok(noisyOrMargin((1 - pf) * (1 - ps)) >= noisyOrMargin(1 - Math.max(pf, ps)) - 1e-12);
      spread = Math.max(spread, expected);
    });
    assert.ok(spread > 0.9, 'the accounts reach suspicious scores');
  });

  it("gives the dominating kind's reasons, each naming the kind and its direction, never the same sentence twice", () => {
    // Besides the seeded ones, an account shaped like a bought follower of 2015 (follows hundreds, few followers).
    const bought: Account = {
      platform: 'x',
      id: 'bought',
      handle: 'pirfectmoses',
      displayName: 'pirfectmoses',
      bio: '',
      url: '',
      location: '',
      followersCount: 4,
      followingCount: 588,
      postsCount: 24,
      likesCount: 16,
      listedCount: 0,
      hasDefaultAvatar: false,
      hasBanner: true,
      createdAt: new Date('2011-09-08T13:20:35Z'),
      observedAt: new Date('2015-02-14T10:40:01Z'),
      source,
    };
    let seen = new Set<FollowerKind>();
    for (const account of [bought, ...accounts(200)]) {
      const score = detector.score(account, 4);
      const kinds = score.pKind as Record<FollowerKind, number>;
      const dominant: FollowerKind = kinds.spamBot > kinds.fakeFollower ? 'spamBot' : 'fakeFollower';
      const texts = (score.reasons ?? []).map((reason) => reason.text);
      assert.equal(new Set(texts).size, texts.length, texts.join(' | '));
      for (const reason of score.reasons ?? []) {
        if (reason.direction === 'none') continue;
        seen = seen.add(dominant);
        assert.equal(reason.kind, dominant);
        assert.equal(reason.direction, reason.effect > 0 ? 'raised' : 'lowered');
        assert.ok(
          reason.text.endsWith(`(${reason.direction} suspicion of ${FOLLOWER_KIND_NOUNS[dominant]})`),
          reason.text,
        );
      }
    }
    assert.equal(seen.size, 2, 'both kinds dominate some accounts');
  });

  it('refuses members that are missing, out of order, or not the ones it was calibrated on', () => {
    const [fakeFollower, spamBot] = members as [ModelFile, ModelFile];
    assert.throws(
      () => createDetector(union),
      /a union of x-fake-follower and x-spam-bot: give their model files too/,
    );
    assert.throws(() => createDetector(union, [fakeFollower]), /has 2 members .* but one was given/);
    assert.throws(() => createDetector(union, [spamBot, fakeFollower]), /member 1 is x-fake-follower/);
    const retrained = { ...spamBot, calibration: { kind: 'platt' as const, a: 1, b: 0 } };
    assert.throws(
      () => createDetector(union, [fakeFollower, retrained]),
      /member x-spam-bot .* is not the one the union was calibrated on .*realreach train --config models\/x.config.json/,
    );
    // A member with a feature the union does not compute (pinned by its own hash, so only the features are wrong).
    const wider = { ...spamBot, features: [...spamBot.features.slice(0, -1), 'is_verified'] };
    const pinned = {
      ...union,
      members: union.members?.map((member) =>
        member.model === 'x-spam-bot' ? { ...member, sha256: modelFileSha256(wider) } : member,
      ),
    };
    assert.throws(
      () =>
        checkUnionMembers(
          pinned,
          [fakeFollower, wider].map((model) => ({
            model,
            sha256: modelFileSha256(model),
            source: model.name,
          })),
          'x.json',
        ),
      /member x-spam-bot uses features the union does not list: is_verified/,
    );
  });

  it('is read with the member files beside it, and names a missing or edited one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'realreach-union-'));
    const copy = (name: string, text = readFileSync(join(BUNDLED_MODELS_DIR, `${name}.json`), 'utf8')) =>
      writeFileSync(join(dir, `${name}.json`), text);
    copy('x');
    copy('x-fake-follower');
    await assert.rejects(
      readModelWithMembers(join(dir, 'x.json')),
      /cannot read the union's member x-spam-bot/,
    );
    const spam = readFileSync(join(BUNDLED_MODELS_DIR, 'x-spam-bot.json'), 'utf8');
    copy('x-spam-bot', spam.replace('"threshold": 0.5', '"threshold": 0.6'));
    await assert.rejects(
      loadDetector(join(dir, 'x.json')),
      /x-spam-bot\.json\) is not the one the union was calibrated on/,
    );
    copy('x-spam-bot', spam);
    const loaded = await loadDetector(join(dir, 'x.json'));
    const account = accounts(1)[0] as Account;
    assert.equal(loaded.score(account).pFake, detector.score(account).pFake);
  });

  it('is a model with trees or a union, never both or neither', async () => {
    const text = serializeModelFile(union);
    const trees = (await readModelFile('x-fake-follower')).gbdt;
    assert.throws(
      () => parseModelFile(serializeModelFile({ ...union, gbdt: trees }), 'both.json'),
      /not both/,
    );
    const { members: _members, ...neither } = union;
    assert.throws(
      () => parseModelFile(serializeModelFile(neither as ModelFile), 'neither.json'),
      /not neither/,
    );
    assert.deepEqual(parseModelFile(text, 'x.json'), union);
  });
});
