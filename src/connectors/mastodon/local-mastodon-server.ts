// A Mastodon instance on 127.0.0.1 for tests and benchmarks: accounts/lookup and accounts/:id/followers as documented, Link paging, X-RateLimit-*.
// https://docs.joinmastodon.org/methods/accounts/ and https://docs.joinmastodon.org/api/rate-limits/
import {
  type Fault,
  type JsonAnswer,
  type LocalApiServer,
  type ServerRateLimit,
  startLocalApiServer,
} from '../local-api-server.ts';

export type MastodonEntity = Record<string, unknown>;

/** An Account entity with the documented fields, varied by `n` (some remote, some bots, some with the default avatar). */
export function syntheticMastodonAccount(n: number, domain: string): MastodonEntity {
  const remote = n % 3 === 0;
  const username = `follower${n}`;
  const host = remote ? 'remote.example' : domain;
  const media = `https://${host}/system/accounts`;
  return {
    id: String(109_000_000 + n),
    username,
    acct: remote ? `${username}@remote.example` : username,
    display_name: n % 7 === 0 ? '' : `Follower ${n}`,
    locked: n % 11 === 0,
    bot: n % 13 === 0,
    discoverable: n % 2 === 0,
    group: false,
    created_at: new Date(Date.UTC(2019, 0, 1) + (n % 1500) * 86_400_000).toISOString(),
    note: n % 5 === 0 ? '' : `<p>Posts about topic ${n % 17} &amp; more</p>`,
    url: `https://${host}/@${username}`,
    avatar:
      n % 4 === 0 ? `https://${host}/avatars/original/missing.png` : `${media}/avatars/${n}/original/a.png`,
    avatar_static:
      n % 4 === 0 ? `https://${host}/avatars/original/missing.png` : `${media}/avatars/${n}/original/a.png`,
    header:
      n % 6 === 0 ? `${media}/headers/${n}/original/h.png` : `https://${host}/headers/original/missing.png`,
    header_static:
      n % 6 === 0 ? `${media}/headers/${n}/original/h.png` : `https://${host}/headers/original/missing.png`,
    followers_count: (n * 37) % 2000,
    following_count: (n * 53) % 3000,
    statuses_count: (n * 71) % 9000,
    last_status_at: n % 9 === 0 ? null : '2024-05-01',
    emojis: [],
    fields:
      n % 8 === 0
        ? [{ name: 'Website', value: `<a href="https://site${n}.example">site</a>`, verified_at: null }]
        : [],
  };
}

export interface LocalMastodonOptions {
  /** The instance's domain: `acct` of its own accounts has no `@domain`. */
  domain: string;
  profile: MastodonEntity;
  /** The profile's followers, newest follow first, as the endpoint lists them. */
  followers: readonly MastodonEntity[];
  /** The owner hid their network: the followers endpoint answers [] to everyone else. */
  hideNetwork?: boolean;
  /** Mastodon 4.1+ also says so in the entity's `hide_collections`. */
  sayHidden?: boolean;
  rateLimit?: Omit<ServerRateLimit, 'style'>;
  latencyMs?: number;
  faults?: readonly Fault[];
}

/** Followers endpoint: `limit` defaults to 40, at most 80. */
const DEFAULT_LIMIT = 40;
const MAX_LIMIT = 80;

export async function startLocalMastodonServer(options: LocalMastodonOptions): Promise<LocalApiServer> {
  const { profile, followers, domain } = options;
  const username = String(profile.username);
  const entity = options.sayHidden ? { ...profile, hide_collections: options.hideNetwork === true } : profile;
  // follow ids, newest highest: the max_id cursor in the Link header is one of these, never an account id
  const followId = (index: number) => followers.length - index;
  let base = '';
  const server = await startLocalApiServer({
    rateLimit: options.rateLimit && { ...options.rateLimit, style: 'mastodon' },
    latencyMs: options.latencyMs,
    rateLimitedBody: { error: 'Too many requests' },
    notFound: () => ({ status: 404, body: { error: 'Record not found' } }),
    routes: [
      (url): JsonAnswer | undefined => {
        if (url.pathname !== '/api/v1/accounts/lookup') return undefined;
        const acct = url.searchParams.get('acct') ?? '';
        const known = acct === username || acct === `${username}@${domain}`;
        return known ? { body: entity } : { status: 404, body: { error: 'Record not found' } };
      },
      (url): JsonAnswer | undefined => {
        const match = /^\/api\/v1\/accounts\/([^/]+)\/followers$/.exec(url.pathname);
        if (!match) return undefined;
        if (match[1] !== profile.id) return { status: 404, body: { error: 'Record not found' } };
        if (options.hideNetwork) return { body: [] };
        const limit = Math.min(
          MAX_LIMIT,
          Math.max(1, Number(url.searchParams.get('limit') ?? DEFAULT_LIMIT) || DEFAULT_LIMIT),
        );
        const maxId = url.searchParams.get('max_id');
        const start = maxId === null ? 0 : Math.max(0, followers.length - Number(maxId) + 1);
        const page = followers.slice(start, start + limit);
        const links: string[] = [];
        const path = `${base}/api/v1/accounts/${profile.id}/followers`;
        if (page.length === limit)
          links.push(`<${path}?limit=${limit}&max_id=${followId(start + page.length - 1)}>; rel="next"`);
        if (page.length > 0) links.push(`<${path}?limit=${limit}&since_id=${followId(start)}>; rel="prev"`);
        return { body: page, headers: links.length > 0 ? { link: links.join(', ') } : {} };
      },
    ],
  });
  base = server.url;
  if (options.faults) server.injectFaults(options.faults, (url) => url.pathname.endsWith('/followers'));
  return server;
}
