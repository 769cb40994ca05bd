// The ways a platform API request fails, as errors that say which service, which request and what the server said.
import { InputError } from '../../core/errors.ts';

/** The server's own words from an error body: Mastodon `{error}`, atproto `{error, message}`, X `{title, detail}` or `{errors: [...]}`. */
export function serverWords(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const plain = text.trim();
    return plain.length > 0 && plain.length <= 200 && !plain.startsWith('<') ? plain : undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const first = Array.isArray(record.errors)
    ? (record.errors[0] as Record<string, unknown> | undefined)
    : undefined;
  for (const value of [
    record.detail,
    record.message,
    record.error,
    record.title,
    first?.detail,
    first?.message,
  ]) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** The most of the server's own words a message quotes. */
const WORDS_SHOWN = 200;

/** The longest path a message shows; an API path longer than this is cut with "…". */
const PATH_SHOWN = 60;

/**
 * A request as a message names it: host and path, never the query (a hydrate call carries a hundred ids in it, and a
 * query can carry a token) nor user info. "public.api.bsky.app/xrpc/app.bsky.actor.getProfiles".
 */
export function describeRequest(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'the API';
  }
  const path = parsed.pathname === '/' ? '' : parsed.pathname;
  return `${parsed.host}${path.length > PATH_SHOWN ? `${path.slice(0, PATH_SHOWN - 1)}…` : path}`;
}

/** What a status means to a user, for the statuses a connector cannot get past by retrying. */
const REFUSAL_HINTS: Readonly<Record<number, string>> = {
  400: 'the server rejected the request',
  401: 'not authorised: the token is missing, expired or refused',
  403: 'forbidden: this token or server does not allow it',
  404: 'not found',
  410: 'gone: the account was suspended or deleted',
};

/** The server answered with a status that retrying cannot change (400, 401, 403, 404, 410, …). */
export class ApiRefusedError extends InputError {
  /** Host and path of the request (describeRequest): what the message names. */
  readonly request: string;
  constructor(
    readonly service: string,
    url: string,
    readonly status: number,
    readonly words: string | undefined,
  ) {
    const hint = REFUSAL_HINTS[status] ?? 'refused';
    const request = describeRequest(url);
    const said =
      words === undefined
        ? ''
        : ` ("${words.length > WORDS_SHOWN ? `${words.slice(0, WORDS_SHOWN - 1)}…` : words}")`;
    super(`${service}: ${request} answered ${status}, ${hint}${said}`);
    this.request = request;
    this.name = 'ApiRefusedError';
  }
}

/** A failure that may pass on a later attempt: a 5xx answer, an unreadable body, a timeout. */
export class TransientApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientApiError';
  }
}

/** The server asked to slow down (429); the limiter has been told until when. */
export class RateLimitedError extends Error {
  constructor(readonly until: number) {
    super(`rate limited until ${new Date(until).toISOString()}`);
    this.name = 'RateLimitedError';
  }
}

/** Every attempt failed: the service is down, unreachable or too slow. */
export class ApiUnavailableError extends InputError {
  constructor(service: string, url: string, attempts: number, last: string) {
    super(`${service}: ${describeRequest(url)} failed ${attempts} times, last: ${last}`);
    this.name = 'ApiUnavailableError';
  }
}
