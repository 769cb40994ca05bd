// Every format realreach reads, in the order detection tries them (the most specific first).
import type { Format } from '../format.ts';
import { bluesky } from './bluesky.ts';
import { botRepositoryJson } from './botrepo.ts';
import { scrapedCsv } from './column-map.ts';
import { instafake } from './instafake.ts';
import { instagramFollowersExport } from './instagram-followers-export.ts';
import { kaggleInstagram } from './kaggle-instagram.ts';
import { mastodon } from './mastodon.ts';
import { mibCsv } from './mib.ts';
import { realreachCsv, realreachJson } from './realreach.ts';
import { xArchiveFollowers } from './x-archive-followers.ts';
import { xV1Csv, xV1Json } from './x-v1.ts';
import { xV2Json } from './x-v2.ts';

export const FORMATS: readonly Format[] = [
  realreachJson,
  realreachCsv,
  botRepositoryJson,
  xV2Json,
  xV1Json,
  mibCsv,
  xV1Csv,
  mastodon,
  bluesky,
  instafake,
  kaggleInstagram,
  instagramFollowersExport,
  xArchiveFollowers,
  scrapedCsv,
];

export function findFormat(name: string): Format | undefined {
  return FORMATS.find((format) => format.name === name);
}
