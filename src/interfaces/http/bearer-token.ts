// Lets an API request through only with `Authorization: Bearer <token>` of a live token; the store compares hashes in constant time.
import type { MiddlewareHandler } from 'hono';
import type { ApiToken, Store } from '../../store/store.ts';
import { ProblemError } from './problem.ts';

export interface TokenVariables {
  apiToken: ApiToken;
}

const REALM = 'Bearer realm="realreach"';
/** RFC 6750's b64token, with room for spaces around it. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export function requireBearerToken(
  verifyToken: Store['verifyToken'],
): MiddlewareHandler<{ Variables: TokenVariables }> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined)
      throw new ProblemError(
        401,
        'this API needs a token: send "Authorization: Bearer <token>" (make one with `realreach token create <name>`)',
        { headers: { 'WWW-Authenticate': REALM } },
      );
    const token = BEARER.exec(header)?.[1];
    const apiToken = token === undefined ? undefined : await verifyToken(token);
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
