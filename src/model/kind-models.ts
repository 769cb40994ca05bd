// The per-kind probabilities beside p(fake): one per kind of fake follower (bought fake follower, spam bot), each from a model trained on that kind against humans — the members of a union model.
//
// The bundled x model is the union of its two kind models (models/x.config.json `members`; detector.ts): its p(fake)
// — a fake follower or a bot, what the audit counts — is their calibrated noisy-or, and `pKind` gives each member's
// own calibrated p. Each member is an ordinary model file with its own calibration and card, trained from
// models/<name>.config.json on the mix leave-one-collection-out validation chose (EVALUATION.md, "Per-kind models").
// Benign self-declared bots are neither kind (they are not fake followers, and they are not spam); they have no model.
// A model with trees of its own (instagram, general, or a model file trained without members) has no kinds.
import type { Account } from '../core/account.ts';
import type { Detector, KindMember } from './detector.ts';
import type { FollowerKind } from './follower-kinds.ts';

export { FOLLOWER_KINDS, type FollowerKind } from './follower-kinds.ts';

export interface KindDetectors {
  kinds: readonly KindMember[];
  /** Calibrated p of each kind for one account. */
  score(account: Account): Record<FollowerKind, number>;
}

/** The kind models of a union detector (its members, scored by the detector itself), or undefined for any other. */
export function kindDetectorsOf(detector: Detector): KindDetectors | undefined {
  const members = detector.members;
  if (members === undefined) return undefined;
  return {
    kinds: members,
    score(account) {
      const out = {} as Record<FollowerKind, number>;
      for (const { kind, detector: member } of members) out[kind] = member.score(account).pFake;
      return out;
    },
  };
}
