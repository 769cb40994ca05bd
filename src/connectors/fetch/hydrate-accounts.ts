// Fills thin follower records (ids or handles only) with whole profiles from the platform: X users lookup (100 a call), Bluesky getProfiles (25 a call), Mastodon accounts/lookup (one a call).
// Endpoints: https://docs.x.com/x-api/users/user-lookup-by-ids, https://docs.x.com/x-api/users/user-lookup-by-usernames,
// atproto lexicons/app/bsky/actor/getProfiles.json, https://docs.joinmastodon.org/methods/accounts/#lookup
import type { Account, Platform } from '../../core/account.ts';
import { mapBlueskyProfile } from '../../ingest/formats/bluesky.ts';
import { mapMastodonAccount } from '../../ingest/formats/mastodon.ts';
import { mapXV2User } from '../../ingest/formats/x-v2.ts';
import {
  BLUESKY_PROFILES_PER_CALL,
  BLUESKY_PUBLIC_APPVIEW,
  BLUESKY_RATE_LIMIT,
} from '../bluesky/bluesky-source.ts';
import { type ConnectOptions, MissingCredentialError } from '../connect.ts';
import { MASTODON_RATE_LIMIT } from '../mastodon/mastodon-source.ts';
import { ApiClient, type ApiResponse } from '../requests/api-client.ts';
import { ApiRefusedError } from '../requests/api-errors.ts';
import { apiUrl } from '../requests/api-url.ts';
import {
  readAtprotoRateLimit,
  readMastodonRateLimit,
  readXRateLimit,
} from '../requests/rate-limit-headers.ts';
import { RateLimiter } from '../requests/rate-limiter.ts';
import { X_API, X_LOOKUP_RATE_LIMIT } from '../x/x-source.ts';
import { mapListedAccount } from './listed-accounts.ts';

/** Ids or usernames per X users-lookup call (its maximum). */
export const X_USERS_PER_CALL = 100;
const X_USER_FIELDS =
  'created_at,description,location,profile_image_url,protected,public_metrics,url,verified';

export type HydratePlatform = Extract<Platform, 'x' | 'bluesky' | 'mastodon'>;

/** The answer for one thin account: its whole profile, or why there is none. */
export type Hydrated = { thin: Account; account: Account } | { thin: Account; missing: string };

type KeyKind = 'id' | 'handle';
/** Looks up keys of one kind; answers the accounts found by their key (handles lower-cased). */
type Lookup = (by: KeyKind, keys: string[], signal: AbortSignal) => Promise<Map<string, Account>>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const bare = (text: string) => text.replace(/^@/, '');

/** How the platform is asked for an account: by id when the id is the platform's, else by handle. */
function keyOf(platform: HydratePlatform, account: Account): { by: KeyKind; key: string } {
  if (platform === 'x' && /^\d{1,19}$/.test(account.id)) return { by: 'id', key: account.id };
  if (platform === 'bluesky' && account.id.startsWith('did:')) return { by: 'id', key: account.id };
  return { by: 'handle', key: bare(account.handle ?? account.id) };
}

/** The whole profile, with what the thin record knew that the platform does not say (when it followed). */
function filled(thin: Account, full: Account): Account {
  return thin.followedAt === undefined ? full : { ...full, followedAt: thin.followedAt };
}

/** The accounts of an answer, keyed by id or lower-cased handle. */
function collect(
  records: unknown[],
  by: KeyKind,
  map: Parameters<typeof mapListedAccount>[1],
  format: string,
  response: ApiResponse,
): Map<string, Account> {
  const found = new Map<string, Account>();
  for (const record of records) {
    if (!isObject(record)) continue;
    const account = mapListedAccount(record, map, {
      format,
      url: response.url,
      receivedAt: response.receivedAt,
    });
    found.set(by === 'id' ? account.id : (account.handle ?? '').toLowerCase(), account);
  }
  return found;
}

function xLookup(options: ConnectOptions): Lookup {
  const service = options.baseUrl ?? X_API;
  const limiter = new RateLimiter(options.rateLimit ?? X_LOOKUP_RATE_LIMIT);
  const client = new ApiClient({
    service: 'X',
    retry: options.retry,
    onRetry: options.onRetry,
    readRateLimit: (headers) => readXRateLimit(headers),
    headers: { authorization: `Bearer ${options.xBearerToken}` },
  });
  return async (by, keys, signal) => {
    const url =
      by === 'id'
        ? apiUrl(service, '2/users', { ids: keys.join(','), 'user.fields': X_USER_FIELDS })
        : apiUrl(service, '2/users/by', { usernames: keys.join(','), 'user.fields': X_USER_FIELDS });
    const response = await client.getJson(url, limiter, signal);
    const data = isObject(response.body) && Array.isArray(response.body.data) ? response.body.data : [];
    return collect(data, by, mapXV2User as Parameters<typeof mapListedAccount>[1], 'x-api-v2', response);
  };
}

function blueskyLookup(options: ConnectOptions): Lookup {
  const service = options.baseUrl ?? BLUESKY_PUBLIC_APPVIEW;
  const limiter = new RateLimiter(options.rateLimit ?? BLUESKY_RATE_LIMIT);
  const client = new ApiClient({
    service: 'Bluesky',
    retry: options.retry,
    onRetry: options.onRetry,
    readRateLimit: (headers) => readAtprotoRateLimit(headers),
  });
  return async (by, keys, signal) => {
    const url = apiUrl(service, 'xrpc/app.bsky.actor.getProfiles', {});
    for (const actor of keys) url.searchParams.append('actors', actor);
    const response = await client.getJson(url, limiter, signal);
    const profiles =
      isObject(response.body) && Array.isArray(response.body.profiles) ? response.body.profiles : [];
    return collect(profiles, by, mapBlueskyProfile, 'bluesky-api', response);
  };
}

function mastodonLookup(options: ConnectOptions, service: string): Lookup {
  const limiter = new RateLimiter(options.rateLimit ?? MASTODON_RATE_LIMIT);
  const client = new ApiClient({
    service: 'Mastodon',
    retry: options.retry,
    onRetry: options.onRetry,
    readRateLimit: (headers) => readMastodonRateLimit(headers),
  });
  return async (_by, keys, signal) => {
    const found = new Map<string, Account>();
    for (const acct of keys) {
      try {
        const response = await client.getJson(
          apiUrl(service, 'api/v1/accounts/lookup', { acct }),
          limiter,
          signal,
        );
        const one = collect([response.body], 'handle', mapMastodonAccount, 'mastodon-api', response);
        for (const account of one.values()) found.set(acct.toLowerCase(), account);
      } catch (error) {
        if (!(error instanceof ApiRefusedError && error.status === 404)) throw error;
      }
    }
    return found;
  };
}

/**
 * A hydrator for the platform: `hydrate` looks up one call's worth of accounts (`perCall`) and answers each. The
 * connectors' client, retries and rate limits apply; X needs the user's bearer token (each read is billed to it:
 * show the cost first); Mastodon needs the instance that knows the accounts.
 */
export function createHydrator(
  platform: HydratePlatform,
  options: ConnectOptions,
): { perCall: number; hydrate(batch: Account[], signal: AbortSignal): Promise<Hydrated[]> } {
  let lookup: Lookup;
  let perCall: number;
  if (platform === 'x') {
    if (options.xBearerToken === undefined || options.xBearerToken === '')
      throw new MissingCredentialError(
        'X needs your own API bearer token: set X_BEARER_TOKEN (X bills each user read to that account)',
      );
    lookup = xLookup(options);
    perCall = X_USERS_PER_CALL;
  } else if (platform === 'bluesky') {
    lookup = blueskyLookup(options);
    perCall = BLUESKY_PROFILES_PER_CALL;
  } else {
    if (options.baseUrl === undefined)
      throw new MissingCredentialError(
        'Mastodon: name the instance that knows these accounts with --base-url https://…',
      );
    lookup = mastodonLookup(options, options.baseUrl);
    perCall = 1;
  }
  return {
    perCall,
    async hydrate(batch, signal) {
      const keys = batch.map((account) => keyOf(platform, account));
      const answers = new Map<string, Account>();
      for (const by of ['id', 'handle'] as const) {
        const wanted = [...new Set(keys.filter((key) => key.by === by).map((key) => key.key))];
        if (wanted.length === 0) continue;
        for (const [key, account] of await lookup(by, wanted, signal)) answers.set(`${by}:${key}`, account);
      }
      return batch.map((thin, i): Hydrated => {
        const { by, key } = keys[i] as { by: KeyKind; key: string };
        const full = answers.get(`${by}:${by === 'id' ? key : key.toLowerCase()}`);
        if (full) return { thin, account: filled(thin, full) };
        return {
          thin,
          missing: `${platform} has no account ${by === 'id' ? key : `@${key}`} (deleted, suspended or renamed)`,
        };
      });
    },
  };
}
