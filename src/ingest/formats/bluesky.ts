// Bluesky profile views (app.bsky.actor.defs#profileView, #profileViewDetailed), alone or inside getFollowers / getProfiles responses.
// Field names: the lexicons in github.com/bluesky-social/atproto, lexicons/app/bsky/actor/defs.json,
// lexicons/app/bsky/graph/getFollowers.json, lexicons/app/bsky/actor/getProfiles.json, lexicons/com/atproto/label/defs.json

import { FieldError } from '../../core/errors.ts';
import { asRecord, readCount, readFlag, readId, readObject, readText, readTime } from '../fields.ts';
import type { JsonFormat, MappedAccount } from '../format.ts';

/** The label value an account puts on itself (or a labeler puts on it) to say it is automated. */
const BOT_LABEL = 'bot';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isProfileView(value: Record<string, unknown>): boolean {
  return typeof value.did === 'string' && value.did.startsWith('did:') && 'handle' in value;
}

/** True when a `bot` label applies, false when labels are given without one (or negated), undefined without labels. */
function readBotLabel(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new FieldError('labels', 'expected an array of labels');
  let applied = false;
  let negated = false;
  for (let i = 0; i < value.length; i++) {
    const label = readObject(value[i], `labels[${i}]`);
    if (label === undefined || readText(label.val, `labels[${i}].val`) !== BOT_LABEL) continue;
    if (readFlag(label.neg, `labels[${i}].neg`) === true) negated = true;
    else applied = true;
  }
  return applied && !negated;
}

/** `verification.verifiedStatus` is `valid` for accounts a trusted verifier vouches for. */
function readVerified(value: unknown): boolean | undefined {
  const verification = readObject(value, 'verification');
  if (verification === undefined) return undefined;
  const status = readText(verification.verifiedStatus, 'verification.verifiedStatus');
  return status === undefined ? undefined : status === 'valid';
}

function readArray(value: unknown, field: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw new FieldError(
    field,
    `expected an array of profile views, got ${value === null ? 'null' : typeof value}`,
  );
}

export function mapBlueskyProfile(profile: Record<string, unknown>): MappedAccount {
  // only #profileViewDetailed has counts and `banner`; in a #profileView an absent banner is unknown
  const detailed = 'followersCount' in profile || 'followsCount' in profile || 'postsCount' in profile;
  const banner = readText(profile.banner, 'banner');
  return {
    platform: 'bluesky',
    id: readId(profile.did, 'did'),
    handle: readText(profile.handle, 'handle'),
    displayName: readText(profile.displayName, 'displayName'),
    bio: readText(profile.description, 'description'),
    followersCount: readCount(profile.followersCount, 'followersCount'),
    followingCount: readCount(profile.followsCount, 'followsCount'),
    postsCount: readCount(profile.postsCount, 'postsCount'),
    // the lexicon leaves `avatar` out when the account has none; apps then draw the default
    hasDefaultAvatar: readText(profile.avatar, 'avatar') === undefined,
    hasBanner: banner !== undefined ? true : detailed ? false : undefined,
    isVerified: readVerified(profile.verification),
    isSelfDeclaredBot: readBotLabel(profile.labels),
    // `indexedAt` is when the AppView last indexed the profile record, not when the account was made
    createdAt: readTime(profile.createdAt, 'createdAt'),
  };
}

export const bluesky: JsonFormat = {
  name: 'bluesky',
  title: 'Bluesky profile views, and app.bsky.graph.getFollowers / app.bsky.actor.getProfiles responses',
  platform: 'bluesky',
  reference: 'https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/actor/defs.json',
  framing: 'json',
  detect(value) {
    if (!isObject(value)) return false;
    if (isProfileView(value)) return true;
    if (Array.isArray(value.followers) && isObject(value.subject)) return true;
    return Array.isArray(value.profiles) && value.profiles.every((item) => isObject(item) && 'did' in item);
  },
  records(value) {
    const page = asRecord(value);
    if ('did' in page) return [page];
    // a getFollowers page: `subject` is the profile audited, not one of its followers
    if ('followers' in page) return readArray(page.followers, 'followers');
    if ('profiles' in page) return readArray(page.profiles, 'profiles');
    throw new FieldError(
      '(record)',
      'expected a profile view (did, handle), a getFollowers or a getProfiles response',
    );
  },
  map(record) {
    return { account: mapBlueskyProfile(asRecord(record)) };
  },
};
