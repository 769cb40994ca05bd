// The dashboard's session: a sign-in with an API token makes a server-side session that expires and ends on sign-out; the HttpOnly, SameSite=Strict cookie holds only the session's secret.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ApiToken, Store } from '../../store/store.ts';
import { isHttps } from '../http/auth/failure-throttle.ts';

export const SESSION_COOKIE = 'realreach_session';

export interface SessionVariables {
  apiToken: ApiToken;
}

/**
 * Secure when the page came over https — directly, or through a proxy the server trusts (--trust-proxy) — as a
 * Secure cookie would never come back over plain loopback http.
 */
function cookieOptions(c: Context, trustProxy: boolean) {
  return {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: isHttps(c, trustProxy),
  } as const;
}

/** Signs the browser in: a new server-side session for the token, its secret in the cookie until it expires. */
export async function startSession(
  c: Context,
  store: Store,
  token: ApiToken,
  options: { lifetimeMs: number; trustProxy: boolean },
): Promise<void> {
  const session = await store.createSession(token.id, options.lifetimeMs);
  setCookie(c, SESSION_COOKIE, session.secret, {
    ...cookieOptions(c, options.trustProxy),
    expires: session.expiresAt,
    maxAge: Math.floor(options.lifetimeMs / 1000),
  });
}

/** Signs the browser out: the session ends on the server (a copied cookie stops working too) and the cookie is cleared. */
export async function endSession(c: Context, store: Store, trustProxy: boolean): Promise<void> {
  const secret = getCookie(c, SESSION_COOKIE);
  if (secret !== undefined) await store.endSession(secret);
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c, trustProxy));
}

/** Where a signed-out browser is sent: the sign-in page, which returns it to `next` (a path on this site only). */
export function signInPath(next: string): string {
  return `/sign-in?next=${encodeURIComponent(next)}`;
}

const AFTER_SIGN_IN = '/audits';
/** A base that no real request has: a `next` that resolves to another origin against it leaves this site. */
const THIS_SITE = 'http://realreach.invalid';

/** Control characters (tab, CR, LF …) and backslashes, which clients and browsers read in surprising ways. */
function isUnsafe(text: string): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || char === '\\') return true;
  }
  return false;
}

/**
 * A path on this site to return to after signing in, or the audits list for anything else: one leading slash,
 * no control character or backslash — raw or percent-encoded (`/%09/evil.example`) — and the same origin once
 * resolved. The path is given back as resolved, so what is checked is what is sent.
 */
export function safeNext(next: string | undefined): string {
  if (next === undefined || !next.startsWith('/') || isUnsafe(next)) return AFTER_SIGN_IN;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return AFTER_SIGN_IN;
  }
  if (isUnsafe(decoded) || /^\/[\s/]/.test(decoded)) return AFTER_SIGN_IN;
  const url = new URL(next, THIS_SITE);
  if (url.origin !== THIS_SITE) return AFTER_SIGN_IN;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Lets a page through only with the cookie of a live session; an expired or ended session, or a revoked token, sends the browser to sign in. */
export function requireSession(
  store: Store,
  trustProxy: boolean,
): MiddlewareHandler<{ Variables: SessionVariables }> {
  return async (c, next) => {
    const secret = getCookie(c, SESSION_COOKIE);
    const apiToken = secret === undefined ? undefined : await store.verifySession(secret);
    if (apiToken === undefined) {
      if (secret !== undefined) deleteCookie(c, SESSION_COOKIE, cookieOptions(c, trustProxy));
      const url = new URL(c.req.url);
      return c.redirect(signInPath(c.req.method === 'GET' ? `${url.pathname}${url.search}` : '/audits'), 303);
    }
    c.set('apiToken', apiToken);
    await next();
  };
}
