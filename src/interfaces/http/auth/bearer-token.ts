// Lets an API request through only with `Authorization: Bearer <token>` of a live token (hashes compared in constant time), throttling clients that keep sending wrong ones.
import type { MiddlewareHandler } from 'hono';
import type { ApiToken, Store } from '../../../store/store.ts';
import { ProblemError } from '../problem.ts';
import { clientKey, type FailureThrottle } from './failure-throttle.ts';

export interface TokenVariables {
  apiToken: ApiToken;
}

const REALM = 'Bearer realm="realreach"';
/** RFC 6750's b64token, with room for spaces around it. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** A client past the throttle's limit of refused tokens: 429 until its window clears. */
export function throttledProblem(retryAfter: number): ProblemError {
  return new ProblemError(
    429,
    `too many refused tokens or sign-ins from this client; try again in ${retryAfter} s`,
    {
      headers: { 'Retry-After': String(retryAfter) },
    },
  );
}

export function requireBearerToken(
  verifyToken: Store['verifyToken'],
  guard: { throttle: FailureThrottle; trustProxy: boolean },
): MiddlewareHandler<{ Variables: TokenVariables }> {
  return async (c, next) => {
    const client = clientKey(c, guard.trustProxy);
    const wait = guard.throttle.retryAfter(client);
    if (wait !== undefined) throw throttledProblem(wait);
    const header = c.req.header('authorization');
    if (header === undefined)
      throw new ProblemError(
        401,
        'this API needs a token: send "Authorization: Bearer <token>" (make one with `realreach token create <name>`)',
        { headers: { 'WWW-Authenticate': REALM } },
      );
    const token = BEARER.exec(header)?.[1];
    const apiToken = token === undefined ? undefined : await verifyToken(token);
    if (apiToken === undefined) guard.throttle.fail(client);
    if (apiToken === undefined)
      throw new ProblemError(
        401,
        token === undefined
          ? 'the Authorization header is not "Bearer <token>"'
          : 'the token is unknown or revoked (`realreach token list` shows the live ones)',
        { headers: { 'WWW-Authenticate': `${REALM}, error="invalid_token"` } },
      );
    c.set('apiToken', apiToken);
    await next();
  };
}
