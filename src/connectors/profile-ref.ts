// Parses the profile a user names on the command line: `@user@instance` (Mastodon), `bsky:handle` or a `did:` (Bluesky), `x:handle` (X).

export type ProfileRef =
  | { platform: 'mastodon'; username: string; instance: string }
  | { platform: 'bluesky'; actor: string }
  | { platform: 'x'; username: string };

export const PROFILE_SYNTAX = '@user@instance (Mastodon), bsky:handle or did:… (Bluesky), x:handle (X)';

/** Mastodon usernames: letters, digits, underscores (and dots and dashes on other fediverse servers). */
const FEDIVERSE_USER = /^[\w.-]+$/;
/** A DNS name: what Mastodon instances and Bluesky handles are. */
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/i;
/** X usernames: 1 to 15 letters, digits and underscores. */
const X_USERNAME = /^\w{1,15}$/;
/** did:plc:… and did:web:…, the two methods atproto supports. */
const DID = /^did:(plc|web):[a-zA-Z0-9._:%-]+$/;

/** A port is allowed after the instance, for servers on a test or private host. */
function isInstance(text: string): boolean {
  const [host, port, ...rest] = text.split(':');
  return rest.length === 0 && HOSTNAME.test(host ?? '') && (port === undefined || /^\d{1,5}$/.test(port));
}

/** The text names no profile in a syntax realreach knows: a misused command, not a failed fetch. */
export class ProfileSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileSyntaxError';
  }
}

function refuse(text: string, why: string): never {
  throw new ProfileSyntaxError(`cannot read the profile "${text}": ${why}; expected ${PROFILE_SYNTAX}`);
}

/** True when the text is written as a profile (`@a@b`, `bsky:`, `did:`, `x:`), right or wrong, rather than as a file. */
export function looksLikeProfileRef(text: string): boolean {
  return /^(@[^@/\\]+@[^@/\\]+|bsky:.+|did:.+|x:.+)$/.test(text.trim());
}

export function parseProfileRef(text: string): ProfileRef {
  const value = text.trim();
  if (value.startsWith('did:')) {
    if (!DID.test(value)) refuse(text, 'not a did:plc: or did:web: identifier');
    return { platform: 'bluesky', actor: value };
  }
  if (value.startsWith('bsky:')) {
    const handle = value.slice('bsky:'.length).replace(/^@/, '').toLowerCase();
    if (DID.test(handle)) return { platform: 'bluesky', actor: handle };
    if (!HOSTNAME.test(handle)) refuse(text, 'a Bluesky handle is a domain name such as alice.bsky.social');
    return { platform: 'bluesky', actor: handle };
  }
  if (value.startsWith('x:')) {
    const username = value.slice('x:'.length).replace(/^@/, '');
    if (!X_USERNAME.test(username)) refuse(text, 'an X username is 1 to 15 letters, digits or underscores');
    return { platform: 'x', username };
  }
  const mastodon = /^@([^@]+)@([^@]+)$/.exec(value);
  if (mastodon) {
    const [, username = '', instance = ''] = mastodon;
    if (!FEDIVERSE_USER.test(username)) refuse(text, `"${username}" is not a Mastodon username`);
    if (!isInstance(instance)) refuse(text, `"${instance}" is not a server name`);
    return { platform: 'mastodon', username, instance: instance.toLowerCase() };
  }
  return refuse(text, 'unknown profile syntax');
}

/** The profile as the user would write it, for messages and file names. */
export function formatProfileRef(ref: ProfileRef): string {
  switch (ref.platform) {
    case 'mastodon':
      return `@${ref.username}@${ref.instance}`;
    case 'bluesky':
      return ref.actor.startsWith('did:') ? ref.actor : `bsky:${ref.actor}`;
    case 'x':
      return `x:${ref.username}`;
  }
}
