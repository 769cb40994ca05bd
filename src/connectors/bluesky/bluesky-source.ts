// Bluesky: resolves the actor with getProfile, pages app.bsky.graph.getFollowers, and hydrates each page with getProfiles while the next pages load.
// Lexicons: github.com/bluesky-social/atproto lexicons/app/bsky/graph/getFollowers.json, actor/getProfile.json, actor/getProfiles.json
import PQueue from 'p-queue';
import type { Account } from '../../core/account.ts';
import { InputError } from '../../core/errors.ts';
import { mapBlueskyProfile } from '../../ingest/formats/bluesky.ts';
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
import { apiUrl } from '../requests/api-url.ts';
import { readAtprotoRateLimit } from '../requests/rate-limit-headers.ts';
import { processLimiter, type RateLimit } from '../requests/rate-limiter.ts';

/** The public, cached, unauthenticated AppView Bluesky asks "public web" clients to use. */
export const BLUESKY_PUBLIC_APPVIEW = 'https://public.api.bsky.app';
/**
 * Bluesky publishes 3,000 requests per 5 minutes per IP for its hosts; it calls the AppView's limits "generous"
 * and names no figure, so the published one is the default and the RateLimit-* headers correct it.
 */
export const BLUESKY_RATE_LIMIT: RateLimit = { requests: 3000, windowMs: 5 * 60_000 };
/** getFollowers' `limit` maximum. */
export const BLUESKY_PAGE_SIZE = 100;
/** getProfiles' `actors` maxLength. */
export const BLUESKY_PROFILES_PER_CALL = 25;
/** getFollowers pages loaded ahead of the one being written, their getProfiles calls under way. */
const PAGES_AHEAD = 3;
/** getProfiles calls in flight at once; the rate limiter still decides when each may start. */
const HYDRATION_CONCURRENCY = 8;
/** The self-label an account sets to ask apps not to show it to logged-out viewers. */
export const NO_UNAUTHENTICATED = '!no-unauthenticated';
const FORMAT = 'bluesky-api';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when a profile view carries `!no-unauthenticated` and no negation of it. */
export function asksNoUnauthenticated(view: unknown): boolean {
  if (!isObject(view) || !Array.isArray(view.labels)) return false;
  let applied = false;
  for (const label of view.labels) {
    if (!isObject(label) || label.val !== NO_UNAUTHENTICATED) continue;
    if (label.neg === true) return false;
    applied = true;
  }
  return applied;
}

interface ListedPage {
  response: ApiResponse;
  views: Record<string, unknown>[];
  next?: string;
}

export function blueskySource(ref: { actor: string }, options: ConnectorOptions): FollowerSource {
  const service = options.baseUrl ?? BLUESKY_PUBLIC_APPVIEW;
  const limiter = (options.limiter ?? processLimiter)({
    platform: 'bluesky',
    service,
    purpose: 'followers',
    limit: options.rateLimit ?? BLUESKY_RATE_LIMIT,
  });
  const client = new ApiClient({
    service: 'Bluesky',
    readRateLimit: (headers) => readAtprotoRateLimit(headers),
    retry: options.retry,
    onRetry: options.onRetry,
  });
  const xrpc = (method: string, query: Record<string, string | readonly string[]>) =>
    apiUrl(service, `xrpc/${method}`, query);

  async function lookupProfile(signal: AbortSignal): Promise<ProfileLookup> {
    const url = xrpc('app.bsky.actor.getProfile', { actor: ref.actor });
    let response: ApiResponse;
    try {
      response = await client.getJson(url, limiter, signal);
    } catch (error) {
      // atproto answers an unknown actor with 400 InvalidRequest "Profile not found"
      if (error instanceof ApiRefusedError && (error.status === 400 || error.status === 404)) {
        throw new InputError(
          `Bluesky: no profile ${ref.actor} on ${service}${error.words ? ` ("${error.words}")` : ''}`,
        );
      }
      throw error;
    }
    const origin = { format: FORMAT, url: response.url, receivedAt: response.receivedAt };
    const account = mapListedAccount(response.body, mapBlueskyProfile, origin);
    if (account.followersCount === undefined) {
      throw new InputError(`Bluesky: the profile ${url.href} answered with has no followersCount`);
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

  async function listPage(
    profile: Account,
    cursor: string | undefined,
    signal: AbortSignal,
  ): Promise<ListedPage> {
    const query: Record<string, string> = { actor: profile.id, limit: String(BLUESKY_PAGE_SIZE) };
    if (cursor !== undefined) query.cursor = cursor;
    const response = await client.getJson(xrpc('app.bsky.graph.getFollowers', query), limiter, signal);
    const body = response.body;
    if (!isObject(body) || !Array.isArray(body.followers)) {
      throw new InputError(`Bluesky: ${response.url} did not answer with a getFollowers page`);
    }
    const views = body.followers.filter(isObject);
    const next =
      typeof body.cursor === 'string' && body.cursor !== '' && views.length > 0 ? body.cursor : undefined;
    return { response, views, next };
  }

  /** The page's followers with their counts from getProfiles, in the page's order; withheld ones counted, not kept. */
  async function hydrate(page: ListedPage, hydration: PQueue, signal: AbortSignal): Promise<FollowerPage> {
    const shown = page.views.filter((view) => !asksNoUnauthenticated(view));
    const batches: string[][] = [];
    for (let i = 0; i < shown.length; i += BLUESKY_PROFILES_PER_CALL) {
      batches.push(shown.slice(i, i + BLUESKY_PROFILES_PER_CALL).map((view) => String(view.did)));
    }
    const detailed = new Map<string, { view: Record<string, unknown>; url: string; receivedAt: Date }>();
    await Promise.all(
      batches.map((actors) =>
        hydration.add(async () => {
          const response = await client.getJson(
            xrpc('app.bsky.actor.getProfiles', { actors }),
            limiter,
            signal,
          );
          const profiles =
            isObject(response.body) && Array.isArray(response.body.profiles) ? response.body.profiles : [];
          for (const view of profiles) {
            if (isObject(view) && typeof view.did === 'string') {
              detailed.set(view.did, { view, url: response.url, receivedAt: response.receivedAt });
            }
          }
        }),
      ),
    );
    // getProfiles leaves out accounts it cannot show (deactivated, taken down): keep the page's own view of them
    const kept: Record<string, unknown>[] = [];
    let withheld = page.views.length - shown.length;
    for (const view of shown) {
      const full = detailed.get(String(view.did))?.view ?? view;
      if (asksNoUnauthenticated(full)) withheld++;
      else kept.push(full);
    }
    const listed = mapListedAccounts(kept, mapBlueskyProfile, {
      format: FORMAT,
      url: page.response.url,
      receivedAt: page.response.receivedAt,
    });
    return {
      followers: listed.accounts,
      withheld,
      rejected: listed.rejected,
      next: page.next,
      networkHidden: false,
    };
  }

  /**
   * Paging runs ahead of the writer by up to PAGES_AHEAD pages; each page's getProfiles calls start as soon as it
   * arrives, so hydration overlaps the paging and both share the rate limit. Pages still come out in order.
   */
  async function* pages(
    profile: Account,
    from: string | undefined,
    outer: AbortSignal,
  ): AsyncGenerator<FollowerPage> {
    const stop = new AbortController();
    const signal = AbortSignal.any([outer, stop.signal]);
    const hydration = new PQueue({ concurrency: HYDRATION_CONCURRENCY });
    const ready: Promise<FollowerPage>[] = [];
    let listingDone = false;
    let listingError: unknown;
    let wakeReader: (() => void) | undefined;
    let wakeLister: (() => void) | undefined;
    const wake = () => {
      wakeReader?.();
      wakeReader = undefined;
    };

    const listing = (async () => {
      let cursor = from;
      try {
        do {
          while (ready.length >= PAGES_AHEAD) await new Promise<void>((resolve) => (wakeLister = resolve));
          if (signal.aborted) return;
          const page = await listPage(profile, cursor, signal);
          const hydrated = hydrate(page, hydration, signal);
          hydrated.catch(() => undefined); // the reader awaits it; this only keeps an early failure from going unhandled
          ready.push(hydrated);
          wake();
          cursor = page.next;
        } while (cursor !== undefined);
      } catch (error) {
        listingError = error;
      } finally {
        listingDone = true;
        wake();
      }
    })();

    try {
      for (;;) {
        const next = ready.shift();
        if (next === undefined) {
          if (listingDone) {
            if (listingError !== undefined) throw listingError;
            return;
          }
          await new Promise<void>((resolve) => (wakeReader = resolve));
          continue;
        }
        wakeLister?.();
        wakeLister = undefined;
        yield await next;
      }
    } finally {
      stop.abort();
      wakeLister?.();
      await listing;
    }
  }

  return {
    platform: 'bluesky',
    service,
    followersPerRequest: BLUESKY_PAGE_SIZE / (1 + BLUESKY_PAGE_SIZE / BLUESKY_PROFILES_PER_CALL),
    limiter,
    lookupProfile,
    pages,
    followersSource: (profile) =>
      `bluesky:${xrpc('app.bsky.graph.getFollowers', { actor: profile.id }).href}`,
  };
}
