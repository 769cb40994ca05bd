// Mastodon: looks the account up on its home instance and pages its followers by the Link header, under the X-RateLimit-* budget.
// Endpoints: https://docs.joinmastodon.org/methods/accounts/#lookup and #followers; limits: https://docs.joinmastodon.org/api/rate-limits/
import type { Account } from '../../core/account.ts';
import { InputError } from '../../core/errors.ts';
import { mapMastodonAccount } from '../../ingest/formats/mastodon.ts';
import { mapListedAccount, mapListedAccounts } from '../fetch/listed-accounts.ts';
import {
  type ConnectorOptions,
  type FollowerPage,
  type FollowerSource,
  lookupSnapshot,
  type ProfileLookup,
} from '../follower-source.ts';
import { ApiClient } from '../requests/api-client.ts';
import { ApiRefusedError } from '../requests/api-errors.ts';
import { apiUrl, withoutQuery } from '../requests/api-url.ts';
import { readMastodonRateLimit } from '../requests/rate-limit-headers.ts';
import { processLimiter, type RateLimit } from '../requests/rate-limiter.ts';

/** Every `/api/*` call: 300 per 5 minutes per account and per IP. */
export const MASTODON_RATE_LIMIT: RateLimit = { requests: 300, windowMs: 5 * 60_000 };
/** The most accounts the followers endpoint returns per page. */
export const MASTODON_PAGE_SIZE = 80;
const FORMAT = 'mastodon-api';

/** The `rel="next"` address of a Link header (RFC 8288), resolved against the request's address. */
export function nextLink(header: string | null, requestUrl: string): string | undefined {
  if (header === null) return undefined;
  for (const link of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(link);
    if (match && /;\s*rel="?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2] ?? '')) {
      return new URL(match[1] ?? '', requestUrl).href;
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function mastodonSource(
  ref: { username: string; instance: string },
  options: ConnectorOptions,
): FollowerSource {
  // another server knows only the followers it federates with: ask the account's home instance
  const service = options.baseUrl ?? `https://${ref.instance}`;
  const acct = `${ref.username}@${ref.instance}`;
  const limiter = (options.limiter ?? processLimiter)({
    platform: 'mastodon',
    service,
    purpose: 'followers',
    limit: options.rateLimit ?? MASTODON_RATE_LIMIT,
  });
  const client = new ApiClient({
    service: 'Mastodon',
    readRateLimit: (headers) => readMastodonRateLimit(headers),
    retry: options.retry,
    onRetry: options.onRetry,
  });
  const followersUrl = (profile: Account) =>
    apiUrl(service, `api/v1/accounts/${encodeURIComponent(profile.id)}/followers`, {
      limit: String(MASTODON_PAGE_SIZE),
    });

  async function lookupProfile(signal: AbortSignal): Promise<ProfileLookup> {
    const url = apiUrl(service, 'api/v1/accounts/lookup', { acct });
    let response: Awaited<ReturnType<ApiClient['getJson']>>;
    try {
      response = await client.getJson(url, limiter, signal);
    } catch (error) {
      if (error instanceof ApiRefusedError && error.status === 404) {
        throw new InputError(`Mastodon: no account @${acct} on ${service}`);
      }
      throw error;
    }
    if (!isObject(response.body))
      throw new InputError(`Mastodon: ${url.href} did not answer with an Account`);
    const origin = { format: FORMAT, url: response.url, receivedAt: response.receivedAt };
    const account = mapListedAccount(response.body, mapMastodonAccount, origin);
    if (account.followersCount === undefined) {
      throw new InputError(`Mastodon: the account ${url.href} answered with has no followers_count`);
    }
    return {
      account,
      snapshot: lookupSnapshot(
        account,
        account.followersCount,
        acct,
        response.receivedAt,
        new URL(response.url),
      ),
      // Mastodon 4.1+ tells in the entity itself that the owner hid their followers and follows
      networkHidden: response.body.hide_collections === true,
    };
  }

  async function* pages(
    profile: Account,
    from: string | undefined,
    signal: AbortSignal,
  ): AsyncGenerator<FollowerPage> {
    let url: string | undefined = from ?? followersUrl(profile).href;
    let first = from === undefined;
    while (url !== undefined) {
      const response = await client.getJson(new URL(url), limiter, signal);
      if (!Array.isArray(response.body)) {
        throw new InputError(`Mastodon: ${url} did not answer with an array of accounts`);
      }
      const listed = mapListedAccounts(response.body, mapMastodonAccount, {
        format: FORMAT,
        url: response.url,
        receivedAt: response.receivedAt,
      });
      const next =
        response.body.length > 0 ? nextLink(response.headers.get('link'), response.url) : undefined;
      if (next !== undefined && new URL(next).origin !== new URL(response.url).origin)
        throw new InputError(
          `Mastodon: ${response.url} gave a next page on another host (${new URL(next).origin}); not followed`,
        );
      // an account that hides its network answers [] to everyone but its owner
      const networkHidden = first && response.body.length === 0 && (profile.followersCount ?? 0) > 0;
      yield { followers: listed.accounts, withheld: 0, rejected: listed.rejected, next, networkHidden };
      first = false;
      url = next;
    }
  }

  return {
    platform: 'mastodon',
    service,
    followersPerRequest: MASTODON_PAGE_SIZE,
    limiter,
    lookupProfile,
    pages,
    followersSource: (profile) => `mastodon:${withoutQuery(followersUrl(profile).href)}`,
  };
}
