// Mastodon Account entities, one a line (JSONL) or as the arrays GET /api/v1/accounts/:id/followers returns.
// Field names: https://docs.joinmastodon.org/entities/Account/

import { FieldError } from '../../core/errors.ts';
import {
  asRecord,
  readCount,
  readFlag,
  readId,
  readObject,
  readProfileText,
  readText,
  readTime,
} from '../fields.ts';
import type { JsonFormat, MappedAccount } from '../format.ts';

/** Mastodon serves this image for accounts that never set an avatar or header (the "missing" attachment). */
const DEFAULT_AVATAR_PATH = '/avatars/original/missing.png';
const DEFAULT_HEADER_PATH = '/headers/original/missing.png';

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The text a reader sees in Mastodon's profile HTML: paragraphs and line breaks kept, tags dropped. */
export function mastodonHtmlToText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^<>]*>/g, '');
  return decodeEntities(text).trim();
}

/** Where a profile-field link points; mentions of other accounts (`class="u-url mention"`) are not links out. */
function linkOf(value: string): string | undefined {
  for (const anchor of value.matchAll(/<a\s[^>]*>/gi)) {
    const tag = anchor[0];
    if (/class="[^"]*\bmention\b/i.test(tag)) continue;
    const href = /href="([^"]+)"/i.exec(tag)?.[1];
    if (href) return decodeEntities(href);
  }
  const plain = value.trim();
  return /^https?:\/\/\S+$/i.test(plain) ? plain : undefined;
}

/**
 * The first link the user put among the profile's `fields` (the "Website" row), or undefined.
 * The entity's own `url` is the profile page on its server, not a link the user chose.
 */
function readFieldLink(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new FieldError('fields', 'expected an array of {name, value}');
  for (let i = 0; i < value.length; i++) {
    const field = readObject(value[i], `fields[${i}]`);
    const text = field === undefined ? undefined : readText(field.value, `fields[${i}].value`);
    const link = text === undefined ? undefined : linkOf(text);
    if (link !== undefined) return link;
  }
  return undefined;
}

function endsWithPath(url: string | undefined, path: string): boolean | undefined {
  return url === undefined ? undefined : (url.split('?')[0] ?? url).endsWith(path);
}

export function mapMastodonAccount(account: Record<string, unknown>): MappedAccount {
  const note = readProfileText(account.note, 'note');
  const bio = note === undefined ? undefined : mastodonHtmlToText(note);
  const link = readFieldLink(account.fields);
  const header = endsWithPath(readText(account.header, 'header'), DEFAULT_HEADER_PATH);
  return {
    platform: 'mastodon',
    id: readId(account.id, 'id'),
    handle: readText(account.acct, 'acct') ?? readText(account.username, 'username'),
    displayName: readProfileText(account.display_name, 'display_name'),
    bio,
    url: link,
    profileUrl: readText(account.url, 'url'),
    followersCount: readCount(account.followers_count, 'followers_count'),
    followingCount: readCount(account.following_count, 'following_count'),
    postsCount: readCount(account.statuses_count, 'statuses_count'),
    hasDefaultAvatar: endsWithPath(readText(account.avatar, 'avatar'), DEFAULT_AVATAR_PATH),
    hasBanner: header === undefined ? undefined : !header,
    isPrivate: readFlag(account.locked, 'locked'),
    isSelfDeclaredBot: readFlag(account.bot, 'bot'),
    isGroup: readFlag(account.group, 'group'),
    createdAt: readTime(account.created_at, 'created_at'),
    lastPostAt: readTime(account.last_status_at, 'last_status_at'),
    // with `fields` in hand, no link there is a known "no link", not an unknown one
    hasUrl: Array.isArray(account.fields) ? link !== undefined : undefined,
  };
}

export const mastodon: JsonFormat = {
  name: 'mastodon',
  title: 'Mastodon Account entities (JSONL, or the arrays of GET /api/v1/accounts/:id/followers)',
  platform: 'mastodon',
  reference: 'https://docs.joinmastodon.org/entities/Account/',
  framing: 'json',
  detect(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    return 'acct' in value && 'statuses_count' in value;
  },
  map(record) {
    return { account: mapMastodonAccount(asRecord(record)) };
  },
  keys: [
    'id',
    'acct',
    'username',
    'display_name',
    'note',
    'fields',
    'url',
    'header',
    'avatar',
    'followers_count',
    'following_count',
    'statuses_count',
    'locked',
    'bot',
    'group',
    'created_at',
    'last_status_at',
  ],
};
