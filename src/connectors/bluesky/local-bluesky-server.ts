// A Bluesky AppView on 127.0.0.1 for tests and benchmarks: getProfile, getFollowers (cursor) and getProfiles (25 actors) as their lexicons define them, RateLimit-*.
// Lexicons: github.com/bluesky-social/atproto lexicons/app/bsky/actor/defs.json, graph/getFollowers.json, actor/getProfile(s).json
import {
  type JsonAnswer,
  type LocalApiServer,
  type ServerRateLimit,
  startLocalApiServer,
} from '../local-api-server.ts';

/** An app.bsky.actor.defs#profileViewDetailed. */
export type ProfileViewDetailed = Record<string, unknown>;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A did:plc: is 24 characters of base32; this one spells `n`. */
function syntheticDid(n: number): string {
  let text = '';
  for (let rest = n; text.length < 24; rest = Math.floor(rest / 32)) text = BASE32[rest % 32] + text;
  return `did:plc:${text}`;
}

/** A detailed profile view with the lexicon's fields, varied by `n`; every 10th asks for `!no-unauthenticated`. */
export function syntheticBlueskyProfile(n: number): ProfileViewDetailed {
  const did = syntheticDid(n);
  const labels =
    n % 10 === 9
      ? [
          {
            src: did,
            uri: `at://${did}/app.bsky.actor.profile/self`,
            cid: 'bafyreid4u6q3xm2kz7nw5vby3hl2fp6teo4ja7rsc5gx2dyk6mwn3vq4pe',
            val: '!no-unauthenticated',
            cts: '2024-01-01T00:00:00.000Z',
          },
        ]
      : [];
  return {
    did,
    handle: `follower${n}.bsky.social`,
    ...(n % 7 === 0 ? {} : { displayName: `Follower ${n}` }),
    ...(n % 5 === 0 ? {} : { description: `posts about topic ${n % 17}` }),
    ...(n % 4 === 0 ? {} : { avatar: `https://cdn.bsky.app/img/avatar/plain/${did}/bafkrei${n}@jpeg` }),
    ...(n % 6 === 0 ? { banner: `https://cdn.bsky.app/img/banner/plain/${did}/bafkrei${n}@jpeg` } : {}),
    followersCount: (n * 37) % 2000,
    followsCount: (n * 53) % 3000,
    postsCount: (n * 71) % 9000,
    associated: { lists: 0, feedgens: 0, starterPacks: 0, labeler: false },
    indexedAt: '2024-05-11T17:02:44.120Z',
    createdAt: new Date(Date.UTC(2023, 0, 1) + (n % 600) * 86_400_000).toISOString(),
    viewer: { muted: false, blockedBy: false },
    labels,
  };
}

/** The #profileView a list shows: the detailed view without counts, banner and `associated`. */
export function profileViewOf(detailed: ProfileViewDetailed): Record<string, unknown> {
  const {
    followersCount: _a,
    followsCount: _b,
    postsCount: _c,
    banner: _d,
    associated: _e,
    ...view
  } = detailed;
  return view;
}

export interface LocalBlueskyOptions {
  profile: ProfileViewDetailed;
  /** The profile's followers, newest first, as getFollowers lists them. */
  followers: readonly ProfileViewDetailed[];
  /** Followers getProfiles leaves out (taken down or deactivated since they followed). */
  unhydratable?: ReadonlySet<string>;
  rateLimit?: Omit<ServerRateLimit, 'style'>;
  latencyMs?: number;
}

function invalid(message: string): JsonAnswer {
  return { status: 400, body: { error: 'InvalidRequest', message } };
}

/** Cursors are opaque to clients; this one encodes the position after the page, as atproto's encode a sort key. */
const encodeCursor = (position: number) => Buffer.from(`follow:${position}`).toString('base64url');
const decodeCursor = (cursor: string) =>
  Number(/^follow:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString())?.[1]);

export async function startLocalBlueskyServer(options: LocalBlueskyOptions): Promise<LocalApiServer> {
  const { profile, followers } = options;
  const byActor = new Map<string, ProfileViewDetailed>();
  for (const view of [profile, ...followers]) {
    byActor.set(String(view.did), view);
    byActor.set(String(view.handle), view);
  }
  return startLocalApiServer({
    rateLimit: options.rateLimit && { ...options.rateLimit, style: 'atproto' },
    latencyMs: options.latencyMs,
    rateLimitedBody: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
    notFound: () => ({
      status: 404,
      body: { error: 'MethodNotImplemented', message: 'Method Not Implemented' },
    }),
    routes: [
      (url): JsonAnswer | undefined => {
        if (url.pathname !== '/xrpc/app.bsky.actor.getProfile') return undefined;
        const view = byActor.get(url.searchParams.get('actor') ?? '');
        return view ? { body: view } : invalid('Profile not found');
      },
      (url): JsonAnswer | undefined => {
        if (url.pathname !== '/xrpc/app.bsky.graph.getFollowers') return undefined;
        const subject = byActor.get(url.searchParams.get('actor') ?? '');
        if (subject !== profile) return invalid('Profile not found');
        const limit = Number(url.searchParams.get('limit') ?? 50);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100)
          return invalid('limit must be between 1 and 100');
        const cursor = url.searchParams.get('cursor');
        const start = cursor === null ? 0 : decodeCursor(cursor);
        if (!Number.isInteger(start)) return invalid('Malformed cursor');
        const page = followers.slice(start, start + limit);
        const end = start + page.length;
        return {
          body: {
            subject: profileViewOf(profile),
            followers: page.map(profileViewOf),
            ...(end < followers.length ? { cursor: encodeCursor(end) } : {}),
          },
        };
      },
      (url): JsonAnswer | undefined => {
        if (url.pathname !== '/xrpc/app.bsky.actor.getProfiles') return undefined;
        const actors = url.searchParams.getAll('actors');
        if (actors.length > 25) return invalid('Error: actors must not have more than 25 elements');
        const profiles = actors
          .map((actor) => byActor.get(actor))
          .filter((view) => view !== undefined && !options.unhydratable?.has(String(view.did)));
        return { body: { profiles } };
      },
    ],
  });
}
