// The dashboard's session: a signed-in browser holds its API token in an HttpOnly, SameSite=Strict cookie, checked against the store on every page.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ApiToken, Store } from '../../store/store.ts';

export const SESSION_COOKIE = 'realreach_session';

export interface SessionVariables {
  apiToken: ApiToken;
}

/** Secure when the page came over https; on plain loopback http a Secure cookie would never be sent back. */
function cookieOptions(c: Context) {
  return {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: new URL(c.req.url).protocol === 'https:',
  } as const;
}

export function startSession(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c));
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
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

/** Lets a page through only with the cookie of a live token; revoking the token ends the session. */
export function requireSession(
  verifyToken: Store['verifyToken'],
): MiddlewareHandler<{ Variables: SessionVariables }> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const apiToken = token === undefined ? undefined : await verifyToken(token);
    if (apiToken === undefined) {
      if (token !== undefined) endSession(c);
      const url = new URL(c.req.url);
      return c.redirect(signInPath(c.req.method === 'GET' ? `${url.pathname}${url.search}` : '/audits'), 303);
    }
    c.set('apiToken', apiToken);
    await next();
  };
}
