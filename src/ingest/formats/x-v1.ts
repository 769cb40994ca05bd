// X (Twitter) API v1.1 user objects, as JSON/JSONL and as CSV with the same column names (the cresci-2015 users.csv).
// Field names: https://developer.x.com/en/docs/x-api/v1/data-dictionary/object-model/user

import { asRecord, readCount, readFlag, readId, readText, readTime } from '../fields.ts';
import type { CsvFormat, JsonFormat, MappedAccount } from '../format.ts';

/** Keys that every v1.1 user object has and no other format combines. */
const SIGNATURE = ['screen_name', 'followers_count', 'friends_count'] as const;

/** The v1.1 default avatars live under /sticky/default_profile_images/. */
function isDefaultAvatarUrl(url: string | undefined): boolean | undefined {
  return url === undefined ? undefined : url.includes('default_profile_images');
}

/**
 * Maps a v1.1 user object (or a CSV row with its column names) to an Account.
 * `csv` says an empty cell means false for flags, as in the MIB exports, where NULL marks a field the crawl did not collect.
 */
export function mapXV1User(user: Record<string, unknown>, csv: boolean, prefix = ''): MappedAccount {
  const flag = (key: string) =>
    readFlag(user[key], prefix + key, csv && user[key] === '' ? false : undefined);
  const id = readId(user.id_str ?? user.id, prefix + (user.id_str === undefined ? 'id' : 'id_str'));
  const avatar =
    readText(user.profile_image_url_https, `${prefix}profile_image_url_https`) ??
    readText(user.profile_image_url, `${prefix}profile_image_url`);
  const bannerUrl = readText(user.profile_banner_url, `${prefix}profile_banner_url`);
  const defaultImage = flag('default_profile_image');
  return {
    platform: 'x',
    id,
    handle: readText(user.screen_name, `${prefix}screen_name`),
    displayName: readText(user.name, `${prefix}name`),
    bio: readText(user.description, `${prefix}description`),
    url: readText(user.url, `${prefix}url`),
    location: readText(user.location, `${prefix}location`),
    followersCount: readCount(user.followers_count, `${prefix}followers_count`),
    followingCount: readCount(user.friends_count, `${prefix}friends_count`),
    postsCount: readCount(user.statuses_count, `${prefix}statuses_count`),
    likesCount: readCount(user.favourites_count, `${prefix}favourites_count`),
    listedCount: readCount(user.listed_count, `${prefix}listed_count`),
    // default_profile_image is authoritative when present; MIB CSVs leave it empty for false
    hasDefaultAvatar: defaultImage === true ? true : (isDefaultAvatarUrl(avatar) ?? defaultImage),
    // the banner key is absent (JSON) or NULL (MIB) when there is none
    hasBanner: bannerUrl !== undefined ? true : csv || 'profile_image_url' in user ? false : undefined,
    isVerified: flag('verified'),
    isPrivate: flag('protected'),
    createdAt: readTime(user.created_at, `${prefix}created_at`),
  };
}

export const xV1Json: JsonFormat = {
  name: 'x-v1',
  title: 'X API v1.1 user objects (JSON, JSONL or arrays)',
  platform: 'x',
  reference: 'https://developer.x.com/en/docs/x-api/v1/data-dictionary/object-model/user',
  framing: 'json',
  detect(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    return SIGNATURE.every((key) => key in value);
  },
  map(record) {
    return { account: mapXV1User(asRecord(record), false) };
  },
};

export const xV1Csv: CsvFormat = {
  name: 'x-v1-csv',
  title: 'CSV with X API v1.1 user columns (e.g. cresci-2015 users.csv)',
  platform: 'x',
  reference: 'https://developer.x.com/en/docs/x-api/v1/data-dictionary/object-model/user',
  framing: 'csv',
  detect(firstRow) {
    const columns = new Set(firstRow);
    return SIGNATURE.every((key) => columns.has(key)) && columns.has('id')
      ? { columns: [...firstRow], hasHeader: true }
      : undefined;
  },
  map(record) {
    return { account: mapXV1User(record, true) };
  },
};
