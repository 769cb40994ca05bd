// Seeded synthetic followers, written in every export format realreach reads: inputs for benchmarks and the demo audience.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Account } from '../src/core/account.ts';
import { KAGGLE_INSTAGRAM_COLUMNS } from '../src/ingest/formats/kaggle-instagram.ts';
import { toRealreachRecord } from '../src/ingest/formats/realreach.ts';

/** mulberry32: a small seeded PRNG, so the same seed always writes the same files. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticFollower {
  id: string;
  handle: string;
  name: string;
  bio: string;
  url: string;
  location: string;
  followers: number;
  following: number;
  posts: number;
  likes: number;
  listed: number;
  createdAt: Date;
  observedAt: Date;
  defaultAvatar: boolean;
  banner: boolean;
  verified: boolean;
  private: boolean;
  bot: boolean;
  /** What the generator made it: a plausible person, or a bought-follower-like account. */
  kind: 'human' | 'fake';
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ro', 'sa', 'ti', 'va', 'ze', 'an', 'el', 'or', 'us', 'qi', 'do'];
const WORDS = [
  'coffee',
  'design',
  'music',
  'travel',
  'dad',
  'runner',
  'photos',
  'code',
  'books',
  'news',
  'art',
  'food',
];
const PLACES = ['Lisbon', 'Berlin', 'Austin, TX', 'Lagos', 'Pune', 'Osaka', 'Quito', ''];

/**
 * Heavy-tailed counts: most accounts small, a few large. The medians and spreads are set to look like typical
 * profiles in the public datasets (people: hundreds of followers and thousands of posts; bought followers: a handful
 * of followers, hundreds followed, almost no posts), without copying any of their rows.
 */
function logNormal(random: () => number, median: number, spread: number): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(0, Math.round(median * Math.exp(spread * normal)));
}

export function makeFollower(
  random: () => number,
  index: number,
  fakeShare: number,
  observedAt: Date,
): SyntheticFollower {
  const fake = random() < fakeShare;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const syllables = 2 + Math.floor(random() * 3);
  let handle = '';
  for (let i = 0; i < syllables; i++) handle += pick(SYLLABLES);
  if (fake || random() < 0.2) handle += String(Math.floor(random() * 100000));
  const ageDays = fake ? 10 + random() * 400 : 300 + random() * 3700;
  const words = Array.from({ length: Math.floor(random() * 6) }, () => pick(WORDS));
  return {
    id: String(1_000_000_000 + index),
    handle,
    name:
      fake && random() < 0.5 ? handle : `${handle[0]?.toUpperCase()}${handle.slice(1, 6)} ${pick(SYLLABLES)}`,
    bio: fake && random() < 0.7 ? '' : words.join(' '),
    url: !fake && random() < 0.3 ? `https://${handle}.example.com` : '',
    location: fake ? '' : pick(PLACES),
    followers: fake ? logNormal(random, 10, 1.0) : logNormal(random, 350, 0.9),
    following: fake ? logNormal(random, 700, 0.6) : logNormal(random, 300, 0.8),
    posts: fake ? logNormal(random, 4, 1.2) : logNormal(random, 2500, 1.0),
    likes: fake ? logNormal(random, 2, 1.5) : logNormal(random, 1500, 1.2),
    listed: fake ? 0 : logNormal(random, 4, 1.0),
    createdAt: new Date(observedAt.getTime() - ageDays * 86_400_000),
    observedAt,
    defaultAvatar: fake ? random() < 0.6 : random() < 0.03,
    banner: fake ? random() < 0.05 : random() < 0.6,
    verified: !fake && random() < 0.01,
    private: random() < (fake ? 0.02 : 0.08),
    bot: !fake && random() < 0.005,
    kind: fake ? 'fake' : 'human',
  };
}

/** The X v1.1 date form: `Fri Apr 06 10:58:22 +0000 2007`. */
function twitterDate(date: Date): string {
  const [weekday, day, month, year, time] = date.toUTCString().replace(',', '').split(' ');
  return `${weekday} ${month} ${day} ${time} +0000 ${year}`;
}

const AVATAR_DEFAULT = 'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png';

function xV1User(f: SyntheticFollower): Record<string, unknown> {
  return {
    id: Number(f.id),
    id_str: f.id,
    name: f.name,
    screen_name: f.handle,
    location: f.location,
    description: f.bio,
    url: f.url || null,
    protected: f.private,
    followers_count: f.followers,
    friends_count: f.following,
    listed_count: f.listed,
    created_at: twitterDate(f.createdAt),
    favourites_count: f.likes,
    utc_offset: null,
    time_zone: null,
    geo_enabled: false,
    verified: f.verified,
    statuses_count: f.posts,
    lang: 'en',
    profile_background_color: 'C0DEED',
    profile_image_url_https: f.defaultAvatar
      ? AVATAR_DEFAULT
      : `https://pbs.twimg.com/profile_images/${f.id}/a_normal.jpg`,
    ...(f.banner ? { profile_banner_url: `https://pbs.twimg.com/profile_banners/${f.id}/1` } : {}),
    profile_link_color: '1DA1F2',
    default_profile: !f.banner,
    default_profile_image: f.defaultAvatar,
  };
}

function xV2User(f: SyntheticFollower): Record<string, unknown> {
  return {
    id: f.id,
    name: f.name,
    username: f.handle,
    created_at: f.createdAt.toISOString(),
    description: f.bio,
    location: f.location || undefined,
    url: f.url,
    protected: f.private,
    verified: f.verified,
    profile_image_url: xV1User(f).profile_image_url_https,
    public_metrics: {
      followers_count: f.followers,
      following_count: f.following,
      tweet_count: f.posts,
      listed_count: f.listed,
    },
  };
}

function mastodonAccount(f: SyntheticFollower): Record<string, unknown> {
  const avatar = f.defaultAvatar
    ? 'https://mastodon.example/avatars/original/missing.png'
    : `https://files.mastodon.example/a/${f.id}.png`;
  return {
    id: f.id,
    username: f.handle,
    acct: `${f.handle}@mastodon.example`,
    display_name: f.name,
    locked: f.private,
    bot: f.bot,
    discoverable: true,
    group: false,
    created_at: f.createdAt.toISOString(),
    note: f.bio ? `<p>${f.bio}</p>` : '',
    url: `https://mastodon.example/@${f.handle}`,
    avatar,
    avatar_static: avatar,
    header: f.banner
      ? `https://files.mastodon.example/h/${f.id}.png`
      : 'https://mastodon.example/headers/original/missing.png',
    header_static: 'https://mastodon.example/headers/original/missing.png',
    followers_count: f.followers,
    following_count: f.following,
    statuses_count: f.posts,
    last_status_at: f.posts > 0 ? f.observedAt.toISOString().slice(0, 10) : null,
    emojis: [],
    fields: f.url ? [{ name: 'Website', value: `<a href="${f.url}">${f.url}</a>`, verified_at: null }] : [],
  };
}

function blueskyProfile(f: SyntheticFollower): Record<string, unknown> {
  return {
    did: `did:plc:${f.id.padStart(24, 'a')}`,
    handle: `${f.handle}.bsky.social`,
    displayName: f.name,
    description: f.bio,
    ...(f.defaultAvatar ? {} : { avatar: `https://cdn.bsky.app/img/avatar/plain/${f.id}@jpeg` }),
    ...(f.banner ? { banner: `https://cdn.bsky.app/img/banner/plain/${f.id}@jpeg` } : {}),
    followersCount: f.followers,
    followsCount: f.following,
    postsCount: f.posts,
    createdAt: f.createdAt.toISOString(),
    indexedAt: f.observedAt.toISOString(),
    labels: [],
  };
}

const MIB_HEADER = [
  'id',
  'name',
  'screen_name',
  'statuses_count',
  'followers_count',
  'friends_count',
  'favourites_count',
  'listed_count',
  'created_at',
  'url',
  'lang',
  'time_zone',
  'location',
  'default_profile',
  'default_profile_image',
  'geo_enabled',
  'profile_image_url',
  'profile_banner_url',
  'profile_use_background_image',
  'profile_background_image_url_https',
  'profile_text_color',
  'profile_image_url_https',
  'profile_sidebar_border_color',
  'profile_background_tile',
  'profile_sidebar_fill_color',
  'profile_background_image_url',
  'profile_background_color',
  'profile_link_color',
  'utc_offset',
  'protected',
  'verified',
  'description',
  'updated',
  'dataset',
];

const csvCell = (value: unknown): string =>
  value === undefined || value === null || value === '' ? '' : `"${String(value).replaceAll('"', '""')}"`;

function mibRow(f: SyntheticFollower): string {
  const user = xV1User(f);
  const flag = (b: boolean) => (b ? '1' : '');
  const values: Record<string, unknown> = {
    ...user,
    id: f.id,
    default_profile: flag(!f.banner),
    default_profile_image: flag(f.defaultAvatar),
    geo_enabled: '',
    protected: flag(f.private),
    verified: flag(f.verified),
    profile_banner_url: f.banner ? user.profile_banner_url : 'NULL',
    updated: f.observedAt.toISOString().slice(0, 19).replace('T', ' '),
    dataset: f.kind === 'fake' ? 'INT' : 'E13',
  };
  return MIB_HEADER.map((column) => (values[column] === 'NULL' ? 'NULL' : csvCell(values[column]))).join(',');
}

function kaggleRow(f: SyntheticFollower): string {
  const digits = (text: string) => text.replace(/\D/g, '').length;
  const ratio = (text: string) =>
    text.length === 0 ? 0 : Math.round((digits(text) / text.length) * 100) / 100;
  return [
    f.defaultAvatar ? 0 : 1,
    ratio(f.handle),
    f.name.split(/\s+/).filter(Boolean).length,
    ratio(f.name),
    f.name === f.handle ? 1 : 0,
    f.bio.length,
    f.url ? 1 : 0,
    f.private ? 1 : 0,
    f.posts,
    f.followers,
    f.following,
    f.kind === 'fake' ? 1 : 0,
  ].join(',');
}

function instafakeRecord(f: SyntheticFollower): Record<string, unknown> {
  return {
    userFollowerCount: f.followers,
    userFollowingCount: f.following,
    userBiographyLength: f.bio.length,
    userMediaCount: f.posts,
    userHasProfilPic: f.defaultAvatar ? 0 : 1,
    userIsPrivate: f.private ? 1 : 0,
    usernameDigitCount: f.handle.replace(/\D/g, '').length,
    usernameLength: f.handle.length,
    isFake: f.kind === 'fake' ? 1 : 0,
  };
}

/** The follower as an Account, what every reader produces (empty text left out, as the demo has always had it). */
export function syntheticAccount(f: SyntheticFollower): Account {
  return {
    platform: 'x',
    id: f.id,
    handle: f.handle,
    displayName: f.name,
    bio: f.bio || undefined,
    url: f.url || undefined,
    location: f.location || undefined,
    followersCount: f.followers,
    followingCount: f.following,
    postsCount: f.posts,
    likesCount: f.likes,
    listedCount: f.listed,
    hasDefaultAvatar: f.defaultAvatar,
    hasBanner: f.banner,
    isVerified: f.verified,
    isPrivate: f.private,
    createdAt: f.createdAt,
    observedAt: f.observedAt,
    source: { format: 'synthetic', file: 'generated' },
  };
}

function realreachRecord(f: SyntheticFollower): Record<string, unknown> {
  return toRealreachRecord(syntheticAccount(f), f.kind);
}

/** How each synthetic file is laid out: JSONL lines, one JSON array, pages of N, or CSV rows under a header. */
type Layout =
  | { kind: 'jsonl'; record: (f: SyntheticFollower) => unknown }
  | { kind: 'array'; record: (f: SyntheticFollower) => unknown }
  | {
      kind: 'pages';
      size: number;
      page: (items: unknown[]) => unknown;
      record: (f: SyntheticFollower) => unknown;
    }
  | { kind: 'csv'; header: string; row: (f: SyntheticFollower) => string };

export const SYNTHETIC_FORMATS = {
  'x-v1': { file: 'x-v1.jsonl', expect: 'x-v1', layout: { kind: 'jsonl', record: xV1User } },
  'x-v1-array': { file: 'x-v1.json', expect: 'x-v1', layout: { kind: 'array', record: xV1User } },
  'x-v1-csv': {
    file: 'x-v1.csv',
    expect: 'x-v1-csv',
    layout: {
      kind: 'csv',
      header: [
        'id',
        'screen_name',
        'name',
        'followers_count',
        'friends_count',
        'statuses_count',
        'favourites_count',
        'listed_count',
        'created_at',
        'description',
        'location',
        'url',
        'verified',
        'protected',
        'default_profile_image',
      ].join(','),
      row: (f) => {
        const u = xV1User(f);
        return [
          f.id,
          u.screen_name,
          u.name,
          u.followers_count,
          u.friends_count,
          u.statuses_count,
          u.favourites_count,
          u.listed_count,
          u.created_at,
          u.description,
          u.location,
          u.url,
          u.verified,
          u.protected,
          u.default_profile_image,
        ]
          .map(csvCell)
          .join(',');
      },
    },
  },
  mib: {
    file: 'mib-users.csv',
    expect: 'mib',
    layout: { kind: 'csv', header: MIB_HEADER.map(csvCell).join(','), row: mibRow },
  },
  botrepo: {
    file: 'synthetic_tweets.json',
    expect: 'botrepo',
    layout: { kind: 'array', record: (f) => ({ created_at: twitterDate(f.observedAt), user: xV1User(f) }) },
  },
  'x-v2': {
    file: 'x-v2-pages.jsonl',
    expect: 'x-v2',
    layout: {
      kind: 'pages',
      size: 1000,
      record: xV2User,
      page: (data) => ({ data, meta: { result_count: data.length, next_token: 'NEXT' } }),
    },
  },
  mastodon: {
    file: 'mastodon-followers.json',
    expect: 'mastodon',
    layout: { kind: 'array', record: mastodonAccount },
  },
  bluesky: {
    file: 'bluesky-profiles.jsonl',
    expect: 'bluesky',
    layout: { kind: 'pages', size: 25, record: blueskyProfile, page: (profiles) => ({ profiles }) },
  },
  instafake: {
    file: 'instafake.json',
    expect: 'instafake',
    layout: { kind: 'array', record: instafakeRecord },
  },
  kaggle: {
    file: 'kaggle.csv',
    expect: 'kaggle-instagram',
    layout: { kind: 'csv', header: KAGGLE_INSTAGRAM_COLUMNS.join(','), row: kaggleRow },
  },
  realreach: {
    file: 'realreach.jsonl',
    expect: 'realreach',
    layout: { kind: 'jsonl', record: realreachRecord },
  },
} satisfies Record<string, { file: string; expect: string; layout: Layout }>;

export type SyntheticFormat = keyof typeof SYNTHETIC_FORMATS;

export interface WriteOptions {
  seed: number;
  count: number;
  fakeShare?: number;
  observedAt?: Date;
}

/** Writes `count` synthetic followers in one format to `path`, streaming, with backpressure. */
export async function writeSyntheticFollowers(
  path: string,
  format: SyntheticFormat,
  options: WriteOptions,
): Promise<void> {
  const random = seededRandom(options.seed);
  const observedAt = options.observedAt ?? new Date('2026-06-01T00:00:00Z');
  const { layout } = SYNTHETIC_FORMATS[format] as { layout: Layout };
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const next = (i: number) => makeFollower(random, i, options.fakeShare ?? 0.3, observedAt);
  if (layout.kind === 'csv') await write(`${layout.header}\n`);
  if (layout.kind === 'array') await write('[\n');
  let page: unknown[] = [];
  for (let i = 0; i < options.count; i++) {
    const follower = next(i);
    if (layout.kind === 'jsonl') await write(`${JSON.stringify(layout.record(follower))}\n`);
    else if (layout.kind === 'array')
      await write(`${i > 0 ? ',\n' : ''}${JSON.stringify(layout.record(follower))}`);
    else if (layout.kind === 'csv') await write(`${layout.row(follower)}\n`);
    else {
      page.push(layout.record(follower));
      if (page.length === layout.size || i === options.count - 1) {
        await write(`${JSON.stringify(layout.page(page))}\n`);
        page = [];
      }
    }
  }
  if (layout.kind === 'array') await write('\n]\n');
  out.end();
  await once(out, 'finish');
}
