// The per-kind models beside a platform's model: one probability per kind of fake follower (bought fake follower, spam bot), each from a model trained on that kind against humans.
//
// The platform's own model gives p(fake) — a fake follower or a bot, what the audit counts; the kind models say
// which kind (`pKind`). Each is an ordinary model file with its own calibration and card, trained from
// models/<name>.config.json on the mix leave-one-collection-out validation chose (EVALUATION.md, "Per-kind models").
// Benign self-declared bots are neither kind (they are not fake followers, and they are not spam); they have no model.
import type { Account } from '../core/account.ts';
import { type Detector, loadDetector } from './detector.ts';

export const FOLLOWER_KINDS = ['fakeFollower', 'spamBot'] as const;
export type FollowerKind = (typeof FOLLOWER_KINDS)[number];

/** Which bundled kind models stand beside which platform model (only X has labelled data for kinds). */
export const KIND_MODELS: Readonly<Record<string, Readonly<Record<FollowerKind, string>>>> = {
  x: { fakeFollower: 'x-fake-follower', spamBot: 'x-spam-bot' },
};

export interface KindDetectors {
  kinds: readonly { kind: FollowerKind; detector: Detector }[];
  /** Calibrated p of each kind for one account. */
  score(account: Account): Record<FollowerKind, number>;
}

const loaded = new Map<string, Promise<KindDetectors | undefined>>();

/** The kind models beside the model named `modelName`, or undefined when it has none (each loaded once). */
export function loadKindDetectors(modelName: string): Promise<KindDetectors | undefined> {
  let kinds = loaded.get(modelName);
  if (!kinds) {
    kinds = readKindDetectors(modelName);
    loaded.set(modelName, kinds);
  }
  return kinds;
}

async function readKindDetectors(modelName: string): Promise<KindDetectors | undefined> {
  const names = KIND_MODELS[modelName];
  if (!names) return undefined;
  const kinds = await Promise.all(
    FOLLOWER_KINDS.map(async (kind) => ({ kind, detector: await loadDetector(names[kind]) })),
  );
  return {
    kinds,
    score(account) {
      const out = {} as Record<FollowerKind, number>;
      for (const { kind, detector } of kinds) out[kind] = detector.score(account).pFake;
      return out;
    },
  };
}
