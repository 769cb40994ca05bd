// The redirect in three steps — resolve the slug, judge the hit, answer — shared by the full server's /r routes and the redirect-only server.
import type { ValueStore } from '../../../store/value-store.ts';
import { judgeHit, rememberedUserAgentVerdicts } from '../../../value/click-verdict.ts';
import { type RedirectTemplate, redirectLocation, redirectTemplate } from '../../../value/tracked-target.ts';
import { referrerHost, utcDay } from '../../../value/visitor-key.ts';
import type { HitRecorder } from './hit-recorder.ts';

const SLUG = /^[A-Za-z0-9_-]{4,64}$/;
/** Links never change once made, so a found one is kept; an unknown slug is asked again after this long. */
const MISS_TTL_MS = 5_000;
const CACHED_LINKS = 100_000;

interface CachedLink {
  id: number;
  template: RedirectTemplate;
}

/** Slugs to their links, bounded: the oldest entry goes when it is full. */
class LinkCache {
  readonly #found = new Map<string, CachedLink>();
  readonly #missing = new Map<string, number>();
  readonly #store: ValueStore;

  constructor(store: ValueStore) {
    this.#store = store;
  }

  async find(slug: string, now: number): Promise<CachedLink | undefined> {
    const cached = this.#found.get(slug);
    if (cached !== undefined) return cached;
    const missedAt = this.#missing.get(slug);
    if (missedAt !== undefined && now - missedAt < MISS_TTL_MS) return undefined;
    const link = await this.#store.findLink(slug);
    if (link === undefined) {
      if (this.#missing.size >= CACHED_LINKS) this.#missing.clear();
      this.#missing.set(slug, now);
      return undefined;
    }
    const entry = { id: link.id, template: redirectTemplate(link.target) };
    if (this.#found.size >= CACHED_LINKS) this.#found.delete(this.#found.keys().next().value as string);
    this.#found.set(slug, entry);
    this.#missing.delete(slug);
    return entry;
  }
}

/** One request on /r/<slug>, whichever server took it. */
export interface RedirectRequest {
  slug: string;
  method: string;
  /** The client's address (the socket's, or X-Forwarded-For's first behind a trusted proxy): hashed, never kept. */
  ip: string;
  header(
    name: 'user-agent' | 'referer' | 'sec-purpose' | 'purpose' | 'x-purpose' | 'x-moz',
  ): string | undefined;
}

export interface RedirectOptions {
  store: ValueStore;
  hits: HitRecorder;
  /** Take the client's address from the first X-Forwarded-For entry (behind a proxy you run); else the socket's. */
  trustProxy?: boolean;
  /** The time of a hit (Date.now by default; a simulation replays its own times). */
  clock?: () => number;
}

/** The Location to send, or undefined for 404. Only a registered target can come out of it. */
export type RedirectAnswer = string | undefined;

export class RedirectHandler {
  readonly #links: LinkCache;
  readonly #hits: HitRecorder;
  readonly #userAgents = rememberedUserAgentVerdicts();
  readonly #clock: () => number;
  readonly trustProxy: boolean;

  constructor(options: RedirectOptions) {
    this.#links = new LinkCache(options.store);
    this.#hits = options.hits;
    this.trustProxy = options.trustProxy ?? false;
    this.#clock = options.clock ?? Date.now;
  }

  async answer(request: RedirectRequest): Promise<RedirectAnswer> {
    if (!SLUG.test(request.slug)) return undefined;
    const now = this.#clock();
    const link = await this.#links.find(request.slug, now);
    if (link === undefined) return undefined;
    const day = utcDay(now);
    const salt = this.#hits.knownSalt(day) ?? (await this.#hits.salt(day));
    const userAgent = request.header('user-agent') ?? '';
    const purpose =
      request.header('sec-purpose') ??
      request.header('purpose') ??
      request.header('x-purpose') ??
      request.header('x-moz');
    const clickId = this.#hits.record(
      {
        linkId: link.id,
        at: now,
        ip: request.ip,
        userAgent,
        referrerHost: referrerHost(request.header('referer')),
        method: request.method,
        reason: judgeHit({ method: request.method, userAgent, purpose }, this.#userAgents),
      },
      salt,
    );
    return redirectLocation(link.template, clickId);
  }
}

/** The first X-Forwarded-For entry when the proxy is trusted, else the socket's address. */
export function clientAddress(
  trustProxy: boolean,
  forwardedFor: string | undefined,
  socketAddress: string | undefined,
): string {
  if (trustProxy && forwardedFor !== undefined) return forwardedFor.split(',')[0]?.trim() ?? '';
  return socketAddress ?? '';
}
