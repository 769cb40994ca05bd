// A tracked link's target: only absolute http(s) URLs are registered, and the redirect's Location is built from the registered one alone.

/** Why a target was refused, or the normalised URL to register. */
export type TargetCheck = { ok: true; url: string } | { ok: false; reason: string };

export const CLICK_ID_PARAM = 'rr_click';

/**
 * Accepts `https://shop.example/x?y=1` and `http://…`; refuses relative (`/x`), scheme-less (`//evil.example`,
 * `evil.example/x`), other schemes (`javascript:`, `data:`), credentials in the URL, and control characters,
 * so the redirect can only ever send people where the campaign's owner registered.
 */
export function checkTarget(target: string): TargetCheck {
  const text = target.trim();
  if (text.length === 0) return { ok: false, reason: 'the target is empty' };
  if (text.length > 2048) return { ok: false, reason: 'the target is longer than 2,048 characters' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\\s]/.test(text))
    return { ok: false, reason: 'the target has spaces, backslashes or control characters' };
  if (!/^https?:\/\/[^/]/i.test(text))
    return { ok: false, reason: 'expected an absolute URL starting with https:// or http://' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'the target is not a valid URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: 'expected an http or https URL' };
  if (url.username !== '' || url.password !== '')
    return { ok: false, reason: 'the target carries a user name or password' };
  if (url.hostname === '') return { ok: false, reason: 'the target has no host' };
  if (url.searchParams.has(CLICK_ID_PARAM))
    return { ok: false, reason: `the target already has a ${CLICK_ID_PARAM} parameter` };
  return { ok: true, url: url.href };
}

/** The registered target split around where the click id goes, so each redirect only concatenates strings. */
export interface RedirectTemplate {
  before: string;
  after: string;
}

export function redirectTemplate(registered: string): RedirectTemplate {
  const url = new URL(registered);
  const hash = url.hash;
  url.hash = '';
  const base = url.href;
  const joiner = url.search === '' ? (base.endsWith('?') ? '' : '?') : '&';
  return { before: `${base}${joiner}${CLICK_ID_PARAM}=`, after: hash };
}

/** The Location of one redirect: the registered target with `rr_click=<id>` (ids are URL-safe base64). */
export function redirectLocation(template: RedirectTemplate, clickId: string): string {
  return `${template.before}${clickId}${template.after}`;
}
