// An X API v2 on 127.0.0.1 for tests and benchmarks: users/by/username, users/:id/followers and the users lookups by ids and usernames as documented, bearer tokens, x-rate-limit-* per endpoint.
// https://docs.x.com/x-api/users/get-user-by-username, https://docs.x.com/x-api/users/get-followers, https://docs.x.com/x-api/users/user-lookup-by-ids, https://docs.x.com/fundamentals/rate-limits
import type { IncomingMessage } from 'node:http';
import {
  type JsonAnswer,
  type LocalApiServer,
  type ServerRateLimit,
  startLocalApiServer,
} from '../local-api-server.ts';

/** An X API v2 user object with every field the server can be asked for. */
export type XUser = Record<string, unknown>;

/** A user with the documented fields, varied by `n` (some protected, some with the default avatar). */
export function syntheticXUser(n: number): XUser {
  return {
    id: String(1_400_000_000_000_000_000n + BigInt(n)),
    name: n % 7 === 0 ? `user${n}` : `Follower ${n}`,
    username: `follower_${n}`,
    created_at: new Date(Date.UTC(2012, 0, 1) + (n % 4000) * 86_400_000).toISOString(),
    description: n % 5 === 0 ? '' : `posts about topic ${n % 17}`,
    location: n % 3 === 0 ? '' : 'Lisbon',
    url: n % 8 === 0 ? `https://t.co/${n}` : '',
    profile_image_url:
      n % 4 === 0
        ? 'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png'
        : `https://pbs.twimg.com/profile_images/${n}/photo_normal.jpg`,
    protected: n % 11 === 0,
    verified: false,
    public_metrics: {
      followers_count: (n * 37) % 2000,
      following_count: (n * 53) % 3000,
      tweet_count: (n * 71) % 9000,
      listed_count: n % 4,
      like_count: (n * 13) % 5000,
    },
  };
}

export interface LocalXOptions {
  /** The token the server accepts in `Authorization: Bearer …`. */
  bearerToken: string;
  profile: XUser;
  /** The profile's followers, newest first. */
  followers: readonly XUser[];
  /** The profile is protected and the token's owner does not follow it: its followers are not shown. */
  hideNetwork?: boolean;
  /** Per endpoint, as X counts them. */
  rateLimit?: Omit<ServerRateLimit, 'style' | 'bucketOf'>;
  latencyMs?: number;
}

/** Every user object has these; `user.fields` asks for more. */
const DEFAULT_FIELDS = ['id', 'name', 'username'];

function withFields(user: XUser, url: URL): XUser {
  const fields = new Set([...DEFAULT_FIELDS, ...(url.searchParams.get('user.fields')?.split(',') ?? [])]);
  return Object.fromEntries(Object.entries(user).filter(([field]) => fields.has(field)));
}

function problem(title: string, type: string, detail: string, extra: Record<string, unknown> = {}) {
  return { errors: [{ ...extra, detail, title, type: `https://api.twitter.com/2/problems/${type}` }] };
}

export async function startLocalXServer(options: LocalXOptions): Promise<LocalApiServer> {
  const { profile, followers } = options;
  const authorised = (request: IncomingMessage) =>
    request.headers.authorization === `Bearer ${options.bearerToken}`;
  const unauthorised: JsonAnswer = {
    status: 401,
    body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
  };
  return startLocalApiServer({
    rateLimit: options.rateLimit && {
      ...options.rateLimit,
      style: 'x',
      bucketOf: (url) => (url.pathname.endsWith('/followers') ? 'followers' : 'lookup'),
    },
    latencyMs: options.latencyMs,
    rateLimitedBody: {
      title: 'Too Many Requests',
      detail: 'Too Many Requests',
      type: 'about:blank',
      status: 429,
    },
    notFound: () => ({
      status: 404,
      body: { title: 'Not Found', type: 'about:blank', status: 404, detail: 'Not Found' },
    }),
    routes: [
      (url, request): JsonAnswer | undefined => {
        // GET /2/users?ids=… and /2/users/by?usernames=…: up to 100, the unknown ones as errors beside the data
        const byIds = url.pathname === '/2/users';
        if (!byIds && url.pathname !== '/2/users/by') return undefined;
        if (!authorised(request)) return unauthorised;
        const keys = (url.searchParams.get(byIds ? 'ids' : 'usernames') ?? '').split(',').filter(Boolean);
        if (keys.length === 0 || keys.length > 100)
          return { status: 400, body: problem('Invalid Request', 'invalid-request', 'from 1 to 100 keys') };
        const everyone = [profile, ...followers];
        const data: XUser[] = [];
        const errors: Record<string, unknown>[] = [];
        for (const key of keys) {
          const user = everyone.find((candidate) =>
            byIds ? candidate.id === key : String(candidate.username).toLowerCase() === key.toLowerCase(),
          );
          if (user) data.push(withFields(user, url));
          else
            errors.push(
              problem('Not Found Error', 'resource-not-found', `Could not find user: [${key}].`)
                .errors[0] as Record<string, unknown>,
            );
        }
        return { body: data.length > 0 ? { data, ...(errors.length > 0 ? { errors } : {}) } : { errors } };
      },
      (url, request): JsonAnswer | undefined => {
        const match = /^\/2\/users\/by\/username\/([^/]+)$/.exec(url.pathname);
        if (!match) return undefined;
        if (!authorised(request)) return unauthorised;
        const username = decodeURIComponent(match[1] ?? '');
        if (username.toLowerCase() === String(profile.username).toLowerCase())
          return { body: { data: withFields(profile, url) } };
        return {
          body: problem(
            'Not Found Error',
            'resource-not-found',
            `Could not find user with username: [${username}].`,
            {
              value: username,
              resource_type: 'user',
              parameter: 'username',
              resource_id: username,
            },
          ),
        };
      },
      (url, request): JsonAnswer | undefined => {
        const match = /^\/2\/users\/(\d+)\/followers$/.exec(url.pathname);
        if (!match) return undefined;
        if (!authorised(request)) return unauthorised;
        if (match[1] !== profile.id) {
          return {
            body: problem(
              'Not Found Error',
              'resource-not-found',
              `Could not find user with id: [${match[1]}].`,
            ),
          };
        }
        if (options.hideNetwork) {
          return {
            body: problem(
              'Authorization Error',
              'not-authorized-for-resource',
              `Sorry, you are not authorized to see the user with id: [${match[1]}].`,
            ),
          };
        }
        const max = Number(url.searchParams.get('max_results') ?? 100);
        if (!Number.isInteger(max) || max < 1 || max > 1000) {
          return {
            status: 400,
            body: {
              errors: [
                {
                  parameters: { max_results: [String(max)] },
                  message: 'The `max_results` query parameter value is not between 1 and 1000',
                },
              ],
              title: 'Invalid Request',
              detail: 'One or more parameters to your request was invalid.',
              type: 'https://api.twitter.com/2/problems/invalid-request',
            },
          };
        }
        const token = url.searchParams.get('pagination_token');
        const start = token === null ? 0 : Number.parseInt(token, 36) - 1_000_000;
        const page = followers.slice(start, start + max);
        const end = start + page.length;
        const meta: Record<string, unknown> = { result_count: page.length };
        if (end < followers.length) meta.next_token = (1_000_000 + end).toString(36).toUpperCase();
        if (start > 0)
          meta.previous_token = (1_000_000 + Math.max(0, start - max)).toString(36).toUpperCase();
        return {
          body: page.length > 0 ? { data: page.map((user) => withFields(user, url)), meta } : { meta },
        };
      },
    ],
  });
}
