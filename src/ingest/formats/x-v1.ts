// X (Twitter) API v1.1 user objects, as JSON/JSONL and as CSV with the same column names (the cresci-2015 users.csv).
// Field names: https://developer.x.com/en/docs/x-api/v1/data-dictionary/object-model/user

import { asRecord, readCount, readFlag, readId, readProfileText, readText, readTime } from '../fields.ts';
import type { CsvFormat, JsonFormat, MappedAccount } from '../format.ts';

/** Keys that every v1.1 user object has and no other format combines. */
const SIGNATURE = ['screen_name', 'followers_count', 'friends_count'] as const;

/** The v1.1 default avatars live under /sticky/default_profile_images/. */
function isDefaultAvatarUrl(url: string | undefined): boolean | undefined {
  return url === undefined ? undefined : url.includes('default_profile_images');
}

const KEYS = [
  'id',
  'id_str',
  'screen_name',
  'name',
  'description',
  'url',
  'location',
  'followers_count',
  'friends_count',
  'statuses_count',
  'favourites_count',
  'listed_count',
  'default_profile_image',
  'profile_image_url',
  'profile_image_url_https',
  'profile_banner_url',
  'verified',
  'protected',
  'created_at',
] as const;
type FieldNames = Readonly<Record<(typeof KEYS)[number], string>>;

/** Field names as errors show them (`user.followers_count` inside a Bot Repository record), built once per prefix. */
const namesByPrefix = new Map<string, FieldNames>();
function fieldNames(prefix: string): FieldNames {
  let names = namesByPrefix.get(prefix);
  if (!names) {
    names = Object.fromEntries(KEYS.map((key) => [key, prefix + key])) as FieldNames;
    namesByPrefix.set(prefix, names);
  }
  return names;
}

/** In MIB CSVs an empty flag cell means false, while NULL marks a field the crawl did not collect. */
function readXFlag(value: unknown, field: string, csv: boolean): boolean | undefined {
  return readFlag(value, field, csv && value === '' ? false : undefined);
}

/**
 * Maps a v1.1 user object (or a CSV row with its column names) to an Account.
 * `csv` says the record is a CSV row, where an empty flag cell means false (the MIB exports).
 */
export function mapXV1User(user: Record<string, unknown>, csv: boolean, prefix = ''): MappedAccount {
  const names = fieldNames(prefix);
  const id = readId(user.id_str ?? user.id, user.id_str === undefined ? names.id : names.id_str);
  const avatar =
    readText(user.profile_image_url_https, names.profile_image_url_https) ??
    readText(user.profile_image_url, names.profile_image_url);
  const bannerUrl = readText(user.profile_banner_url, names.profile_banner_url);
  const defaultImage = readXFlag(user.default_profile_image, names.default_profile_image, csv);
  const hasProfileImages = 'profile_image_url_https' in user || 'profile_image_url' in user;
  return {
    platform: 'x',
    id,
    handle: readText(user.screen_name, names.screen_name),
    displayName: readProfileText(user.name, names.name),
    bio: readProfileText(user.description, names.description),
    url: readProfileText(user.url, names.url),
    location: readProfileText(user.location, names.location),
    followersCount: readCount(user.followers_count, names.followers_count),
    followingCount: readCount(user.friends_count, names.friends_count),
    postsCount: readCount(user.statuses_count, names.statuses_count),
    likesCount: readCount(user.favourites_count, names.favourites_count),
    listedCount: readCount(user.listed_count, names.listed_count),
    // default_profile_image is authoritative when true; MIB CSVs leave it empty for false
    hasDefaultAvatar: defaultImage === true ? true : (isDefaultAvatarUrl(avatar) ?? defaultImage),
    // the banner key is absent (JSON) or NULL (MIB) when there is none; a record without image fields says nothing
    hasBanner: bannerUrl !== undefined ? true : csv || hasProfileImages ? false : undefined,
    isVerified: readXFlag(user.verified, names.verified, csv),
    isPrivate: readXFlag(user.protected, names.protected, csv),
    createdAt: readTime(user.created_at, names.created_at),
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
  keys: KEYS,
};

export const xV1Csv: CsvFormat = {
  name: 'x-v1-csv',
  title: 'CSV with X API v1.1 user columns (e.g. cresci-2015 users.csv)',
  platform: 'x',
  reference: 'https://developer.x.com/en/docs/x-api/v1/data-dictionary/object-model/user',
  framing: 'csv',
  detect(firstRow) {
    const columns = new Set(firstRow);
    return SIGNATURE.every((key) => columns.has(key)) && (columns.has('id') || columns.has('id_str'))
      ? { columns: [...firstRow], hasHeader: true }
      : undefined;
  },
  map(record) {
    return { account: mapXV1User(record, true) };
  },
};
