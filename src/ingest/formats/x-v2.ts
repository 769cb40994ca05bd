// X API v2 user objects (`public_metrics`), bare or in whole `/2/users/...` response pages, labelled by a file beside them.
// User fields: https://developer.x.com/en/docs/x-api/data-dictionary/object-model/user
// Pages {data, meta: {result_count, next_token}}: https://developer.x.com/en/docs/x-api/users/follows/api-reference/get-users-id-followers

import { basename } from 'node:path';
import { FieldError } from '../../core/errors.ts';
import { describeLabelTable, findFileBeside, readLabelTable } from '../companion-files/label-files.ts';
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

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** TwiBot-22 writes the X id 2664730894 as `u2664730894`. */
const TWIBOT_USER_ID = /^u(\d+)$/;

function toXId(id: string): string {
  return TWIBOT_USER_ID.exec(id)?.[1] ?? id;
}

/** Every v2 error carries a problem type under this address. */
const PROBLEM_TYPE = /^https:\/\/api\.(twitter|x)\.com\/2\/problems\//;

/** A page's users carry at least the default fields id, name and username. */
function isPageUser(value: unknown): boolean {
  return isObject(value) && 'id' in value && 'username' in value;
}

/** A bare user object: `username` with `public_metrics` (v1.1 says `screen_name` and has no metrics object). */
function isBareUser(value: JsonObject): boolean {
  return typeof value.username === 'string' && isObject(value.public_metrics);
}

/** A page without users: the last or an empty page (`meta.result_count`), or one with only v2 `errors`. */
function isEmptyPage(value: JsonObject): boolean {
  const { meta, errors } = value;
  if (isObject(meta) && typeof meta.result_count === 'number') return true;
  return (
    Array.isArray(errors) &&
    errors.some((error) => isObject(error) && typeof error.type === 'string' && PROBLEM_TYPE.test(error.type))
  );
}

/** Label files looked for beside `<name>.json[l][.gz]`, the most specific first (TwiBot-22 ships `label_sample.csv`). */
function labelFileNames(inputPath: string): string[] {
  const name = basename(inputPath).replace(/(\.(jsonl|ndjson|json))?(\.gz)?$/i, '');
  return [`${name}.labels.csv`, 'labels.csv', 'label_sample.csv'];
}

export function mapXV2User(user: JsonObject): MappedAccount {
  const metrics = readObject(user.public_metrics, 'public_metrics') ?? {};
  const avatar = readText(user.profile_image_url, 'profile_image_url');
  return {
    platform: 'x',
    id: toXId(readId(user.id, 'id')),
    handle: readText(user.username, 'username'),
    displayName: readProfileText(user.name, 'name'),
    bio: readProfileText(user.description, 'description'),
    url: readProfileText(user.url, 'url'),
    location: readProfileText(user.location, 'location'),
    followersCount: readCount(metrics.followers_count, 'public_metrics.followers_count'),
    followingCount: readCount(metrics.following_count, 'public_metrics.following_count'),
    postsCount: readCount(metrics.tweet_count, 'public_metrics.tweet_count'),
    likesCount: readCount(metrics.like_count, 'public_metrics.like_count'),
    listedCount: readCount(metrics.listed_count, 'public_metrics.listed_count'),
    // the default avatars live under /sticky/default_profile_images/, as in v1.1
    hasDefaultAvatar: avatar === undefined ? undefined : avatar.includes('default_profile_images'),
    isVerified: readFlag(user.verified, 'verified'),
    isPrivate: readFlag(user.protected, 'protected'),
    // ISO 8601 per the docs; TwiBot-22 writes epoch milliseconds
    createdAt: readTime(user.created_at, 'created_at'),
  };
}

export const xV2Json: JsonFormat = {
  name: 'x-v2',
  title: 'X API v2 user objects, bare (JSON, JSONL, arrays) or as /2/users response pages',
  platform: 'x',
  reference: 'https://developer.x.com/en/docs/x-api/data-dictionary/object-model/user',
  framing: 'json',
  detect(value) {
    if (!isObject(value)) return false;
    if ('username' in value) return isBareUser(value);
    const { data } = value;
    if (Array.isArray(data) && data.length > 0) return isPageUser(data[0]);
    if (isObject(data)) return isPageUser(data);
    return isEmptyPage(value);
  },
  records(value) {
    if (!isObject(value) || 'username' in value) return [value];
    const { data } = value;
    if (data === undefined || data === null) return isEmptyPage(value) ? [] : [value];
    if (Array.isArray(data)) return data;
    if (isObject(data)) return [data];
    throw new FieldError('data', 'expected an array of users or one user');
  },
  map(record, context) {
    const account = mapXV2User(asRecord(record));
    const label = context.labels?.get(account.id);
    return label === undefined ? { account } : { account, label };
  },
  async prepare(input) {
    if (input.path === undefined) return {};
    const file = await findFileBeside(input.path, labelFileNames(input.path));
    if (file === undefined) return {};
    const table = await readLabelTable(file, { delimiter: ',', hasHeader: true, toAccountId: toXId });
    return { labels: table.labels, notes: describeLabelTable(table, file) };
  },
};
