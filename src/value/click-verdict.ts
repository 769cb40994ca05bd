// Judges one hit on a tracked link from its request alone: a human click, or which kind of machine (or non-click) it is.
import { isbot } from 'isbot';

/** Why a hit counts or not. `repeat` is decided over time (see repeat-window.ts), the rest from the request. */
export const HIT_REASONS = [
  'human',
  'repeat',
  'head-request',
  'prefetch',
  'link-preview',
  'empty-user-agent',
  'bot-user-agent',
] as const;
export type HitReason = (typeof HIT_REASONS)[number];

export const REASON_WORDING: Record<HitReason, string> = {
  human: 'a person in a browser',
  repeat: 'the same visitor on the same link within the hour (counted once)',
  'head-request': 'a HEAD request (checks the link, never a visit)',
  prefetch: 'a browser prefetch or prerender, not a click',
  'link-preview': 'a link-preview fetcher (a post with the link was shown somewhere)',
  'empty-user-agent': 'no user agent',
  'bot-user-agent': 'a crawler or script by its user agent (isbot list)',
};

export interface HitRequest {
  method: string;
  userAgent: string | undefined;
  /** `Sec-Purpose`, `Purpose`, `X-Purpose` or `X-Moz`, whichever the client sent. */
  purpose: string | undefined;
}

/**
 * Fetchers that turn a shared link into a card: X (one GET and three HEADs per shared link), every Mastodon,
 * Pleroma, Akkoma or Misskey instance that shows the post, and the chat apps. Checked before the general bot list
 * so the reason names what happened.
 */
const LINK_PREVIEW =
  /Twitterbot|facebookexternalhit|Facebot|meta-externalagent|Slackbot-LinkExpanding|Slack-ImgProxy|Discordbot|TelegramBot|WhatsApp|LinkedInBot|Mastodon\/|Pleroma|Akkoma|Misskey|Friendica|Bluesky Cardyb|redditbot|SkypeUriPreview|Iframely|Embedly|vkShare|Pinterestbot|Snapchat|Google-PageRenderer/i;

const PREFETCH = /prefetch|prerender|preview/i;

export type UserAgentVerdict = 'human' | 'empty-user-agent' | 'link-preview' | 'bot-user-agent';

/** What the user agent alone says: the costly part (about 200 patterns), which a caller may remember per agent. */
export function judgeUserAgent(userAgent: string | undefined): UserAgentVerdict {
  const trimmed = userAgent?.trim() ?? '';
  if (trimmed === '') return 'empty-user-agent';
  if (LINK_PREVIEW.test(trimmed)) return 'link-preview';
  if (isbot(trimmed)) return 'bot-user-agent';
  return 'human';
}

/** The method and purpose first (a HEAD or a prefetch is never a click), then the user agent. */
export function judgeHit(
  request: HitRequest,
  userAgentVerdict: (userAgent: string | undefined) => UserAgentVerdict = judgeUserAgent,
): Exclude<HitReason, 'repeat'> {
  if (request.method.toUpperCase() === 'HEAD') return 'head-request';
  if (request.purpose !== undefined && PREFETCH.test(request.purpose)) return 'prefetch';
  return userAgentVerdict(request.userAgent);
}

/** judgeUserAgent remembered for the most recent agents (browsers and crawlers send the same few strings). */
export function rememberedUserAgentVerdicts(
  capacity = 10_000,
): (userAgent: string | undefined) => UserAgentVerdict {
  const known = new Map<string, UserAgentVerdict>();
  return (userAgent) => {
    const key = userAgent ?? '';
    let verdict = known.get(key);
    if (verdict === undefined) {
      verdict = judgeUserAgent(key);
      if (known.size >= capacity) known.clear();
      known.set(key, verdict);
    }
    return verdict;
  };
}
