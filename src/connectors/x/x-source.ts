// X: looks the user up by username and pages /2/users/:id/followers (1,000 a page) with the user's own bearer token, under x-rate-limit-*.
// Endpoints: https://docs.x.com/x-api/users/get-user-by-username and https://docs.x.com/x-api/users/get-followers
import type { Account } from '../../core/account.ts';
import { InputError } from '../../core/errors.ts';
import { mapXV2User } from '../../ingest/formats/x-v2.ts';
import { mapListedAccount, mapListedAccounts } from '../fetch/listed-accounts.ts';
import {
  type ConnectorOptions,
  type FollowerPage,
  type FollowerSource,
  lookupSnapshot,
  type ProfileLookup,
} from '../follower-source.ts';
import { ApiClient, type ApiResponse } from '../requests/api-client.ts';
import { ApiRefusedError } from '../requests/api-errors.ts';
import { apiUrl, withoutQuery } from '../requests/api-url.ts';
import { readXRateLimit } from '../requests/rate-limit-headers.ts';
import { processLimiter, type RateLimit } from '../requests/rate-limiter.ts';

export const X_API = 'https://api.x.com';
/** GET /2/users/:id/followers: 15 requests per 15 minutes per app. */
export const X_FOLLOWERS_RATE_LIMIT: RateLimit = { requests: 15, windowMs: 15 * 60_000 };
/** GET /2/users/by/username/:username: 300 requests per 15 minutes per app. */
export const X_LOOKUP_RATE_LIMIT: RateLimit = { requests: 300, windowMs: 15 * 60_000 };
/** The followers endpoint's `max_results` maximum. */
export const X_PAGE_SIZE = 1000;
/** The user fields the x-v2 mapper reads. */
const USER_FIELDS = 'created_at,description,location,profile_image_url,protected,public_metrics,url,verified';
/** The problem type X answers with when the token may not see a protected user's followers. */
const NOT_AUTHORIZED = /\/problems\/not-authorized-for-resource$/;
const FORMAT = 'x-api-v2';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problems(body: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(body.errors) ? body.errors.filter(isObject) : [];
}

function problemText(problem: Record<string, unknown> | undefined): string {
  const text = problem?.detail ?? problem?.message ?? problem?.title;
  return typeof text === 'string' ? text : 'no details';
}

export function xSource(
  ref: { username: string },
  options: ConnectorOptions & { bearerToken: string },
): FollowerSource {
  const service = options.baseUrl ?? X_API;
  const makeLimiter = options.limiter ?? processLimiter;
  const credential = options.bearerToken;
  const limiter = makeLimiter({
    platform: 'x',
    service,
    purpose: 'followers',
    limit: options.rateLimit ?? X_FOLLOWERS_RATE_LIMIT,
    credential,
  });
  const lookupLimiter = makeLimiter({
    platform: 'x',
    service,
    purpose: 'lookup',
    limit: X_LOOKUP_RATE_LIMIT,
    credential,
  });
  const client = new ApiClient({
    service: 'X',
    readRateLimit: (headers) => readXRateLimit(headers),
    headers: { authorization: `Bearer ${options.bearerToken}` },
    retry: options.retry,
    onRetry: options.onRetry,
  });
  const followersUrl = (profile: Account, token: string | undefined) =>
    apiUrl(service, `2/users/${encodeURIComponent(profile.id)}/followers`, {
      max_results: String(X_PAGE_SIZE),
      'user.fields': USER_FIELDS,
      ...(token === undefined ? {} : { pagination_token: token }),
    });

  async function lookupProfile(signal: AbortSignal): Promise<ProfileLookup> {
    const url = apiUrl(service, `2/users/by/username/${encodeURIComponent(ref.username)}`, {
      'user.fields': USER_FIELDS,
    });
    const response = await client.getJson(url, lookupLimiter, signal);
    const body = isObject(response.body) ? response.body : {};
    // X answers an unknown or suspended username with 200 and `errors` instead of `data`
    if (!isObject(body.data))
      throw new InputError(`X: no user @${ref.username}: ${problemText(problems(body)[0])}`);
    const account = mapListedAccount(body.data, mapXV2User, {
      format: FORMAT,
      url: response.url,
      receivedAt: response.receivedAt,
    });
    if (account.followersCount === undefined) {
      throw new InputError(`X: the user ${url.href} answered with has no public_metrics.followers_count`);
    }
    return {
      account,
      snapshot: lookupSnapshot(
        account,
        account.followersCount,
        account.handle,
        response.receivedAt,
        new URL(response.url),
      ),
      networkHidden: false,
    };
  }

  async function* pages(
    profile: Account,
    from: string | undefined,
    signal: AbortSignal,
  ): AsyncGenerator<FollowerPage> {
    let token = from;
    do {
      const url = followersUrl(profile, token);
      let response: ApiResponse;
      try {
        response = await client.getJson(url, limiter, signal);
      } catch (error) {
        // the token worked for the lookup, so a refusal here is the protected account keeping its followers to itself
        if (
          error instanceof ApiRefusedError &&
          (error.status === 401 || error.status === 403) &&
          profile.isPrivate
        ) {
          yield { followers: [], withheld: 0, rejected: [], networkHidden: true };
          return;
        }
        throw error;
      }
      const body = isObject(response.body) ? response.body : {};
      if (!Array.isArray(body.data)) {
        const problem = problems(body)[0];
        if (problem && NOT_AUTHORIZED.test(String(problem.type))) {
          yield { followers: [], withheld: 0, rejected: [], networkHidden: true };
          return;
        }
        if (problem) throw new InputError(`X: ${url.href}: ${problemText(problem)}`);
      }
      const users = Array.isArray(body.data) ? body.data : [];
      const listed = mapListedAccounts(users, mapXV2User, {
        format: FORMAT,
        url: response.url,
        receivedAt: response.receivedAt,
      });
      const meta = isObject(body.meta) ? body.meta : {};
      token = typeof meta.next_token === 'string' && users.length > 0 ? meta.next_token : undefined;
      yield {
        followers: listed.accounts,
        withheld: 0,
        rejected: listed.rejected,
        next: token,
        networkHidden: false,
      };
    } while (token !== undefined);
  }

  return {
    platform: 'x',
    service,
    followersPerRequest: X_PAGE_SIZE,
    limiter,
    lookupProfile,
    pages,
    followersSource: (profile) => `x:${withoutQuery(followersUrl(profile, undefined).href)}`,
  };
}
