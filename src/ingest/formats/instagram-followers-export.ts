// Instagram's "Download your information" followers export (followers_1.json, followers_2.json, …): usernames and when each followed.
// Shape: https://help.instagram.com/181231772500920 (Accounts Center → Your information and permissions →
// Download your information → Followers and following, JSON). Each entry is
// `{"title": "", "media_list_data": [], "string_list_data": [{"href", "value": username, "timestamp": unix s}]}`;
// newer exports put the username in `title` and leave `value` out; some wrap the list in `{"relationships_followers": [...]}`.

import { FieldError } from '../../core/errors.ts';
import { asRecord, readText, readTime } from '../fields.ts';
import type { JsonFormat } from '../format.ts';

const WRAPPER = 'relationships_followers';

function isEntry(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Array.isArray((value as Record<string, unknown>).string_list_data)
  );
}

/** The username at the end of a profile link: `https://www.instagram.com/_u/name` or `https://www.instagram.com/name`. */
function usernameFromHref(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  const match = /instagram\.com\/(?:_u\/)?([A-Za-z0-9._]{1,30})\/?$/.exec(href.trim());
  return match?.[1];
}

export const instagramFollowersExport: JsonFormat = {
  name: 'instagram-export',
  title: 'Instagram "Download your information" followers export (followers_N.json)',
  platform: 'instagram',
  reference: 'https://help.instagram.com/181231772500920',
  framing: 'json',
  holds: 'handles',
  detect(value) {
    if (isEntry(value)) return true;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    return Array.isArray((value as Record<string, unknown>)[WRAPPER]);
  },
  records(value) {
    if (isEntry(value)) return [value];
    const list = (value as Record<string, unknown>)[WRAPPER];
    if (!Array.isArray(list)) throw new FieldError(WRAPPER, 'expected the list of followers');
    return list;
  },
  map(record) {
    const entry = asRecord(record);
    const data = entry.string_list_data;
    if (!Array.isArray(data) || data.length === 0)
      throw new FieldError('string_list_data', 'expected one entry with the follower');
    const item = asRecord(data[0]);
    const href = readText(item.href, 'string_list_data.href');
    const username =
      readText(item.value, 'string_list_data.value') ??
      readText(entry.title, 'title') ??
      usernameFromHref(href);
    if (username === undefined)
      throw new FieldError('string_list_data.value', 'missing (no username in value, title or href)');
    const handle = username.trim();
    return {
      account: {
        platform: 'instagram',
        // the export carries no numeric ids; a username names one account at a time
        id: handle,
        handle,
        followedAt: readTime(item.timestamp, 'string_list_data.timestamp'),
      },
    };
  },
};
