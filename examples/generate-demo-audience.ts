// Writes the bundled demo audience: synthetic followers of a fictional profile, from a fixed seed, so anyone can regenerate it byte for byte.
// Run: node --import tsx examples/generate-demo-audience.ts [output folder, default examples/demo-audience]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSyntheticFollowers } from '../bench/synthetic-accounts.ts';

const DIR = process.argv[2] ?? join(import.meta.dirname, 'demo-audience');
const SEED = 20261125;
const FOLLOWERS = 2500;
/** The share of bought-follower-like accounts the generator mixes in: what an audit should recover. */
const FAKE_SHARE = 0.3;
const OBSERVED_AT = new Date('2026-11-01T00:00:00Z');

/** The fictional profile whose followers these are, as an X API v1.1 user object. */
const PROFILE = {
  id_str: '990000000001',
  screen_name: 'lumen_roasters',
  name: 'Lumen Roasters (fictional)',
  description: 'A fictional coffee roaster: the demo profile of realreach. Not a real account.',
  url: 'https://example.com/lumen',
  location: 'Nowhere',
  followers_count: 2500,
  friends_count: 310,
  statuses_count: 1840,
  favourites_count: 920,
  listed_count: 14,
  created_at: 'Tue Mar 03 09:00:00 +0000 2015',
  verified: false,
  protected: false,
  default_profile_image: false,
  profile_image_url_https: 'https://example.com/lumen/avatar.png',
};

mkdirSync(DIR, { recursive: true });
await writeSyntheticFollowers(join(DIR, 'followers.jsonl'), 'realreach', {
  seed: SEED,
  count: FOLLOWERS,
  fakeShare: FAKE_SHARE,
  observedAt: OBSERVED_AT,
});
writeFileSync(join(DIR, 'profile.json'), `${JSON.stringify(PROFILE, null, 2)}\n`);
process.stderr.write(
  `wrote ${FOLLOWERS} synthetic followers (seed ${SEED}, ${FAKE_SHARE * 100} % fake-like) to ${DIR}\n`,
);
