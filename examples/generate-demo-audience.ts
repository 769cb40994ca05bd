// Writes the bundled demo audience: synthetic followers of a fictional profile — people, bought fake followers and spam bots drawn as those populations look (demo-populations.ts) — from a fixed seed, so anyone can regenerate it byte for byte.
// Run: node --import tsx examples/generate-demo-audience.ts [output folder, default examples/demo-audience] [--short-handles]
// --short-handles writes the same followers with every handle SHORTER_BY characters shorter: an audience the audit's
// shift test flags (handle_length off the collections'), for the tests of that path.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toRealreachRecord } from '../src/ingest/formats/realreach.ts';
import { createSeededRandom } from '../src/model/seeded-random.ts';
import { type DemoKind, drawFollower, LABEL_OF } from './demo-populations.ts';

const args = process.argv.slice(2);
const DIR = args.find((arg) => !arg.startsWith('--')) ?? join(import.meta.dirname, 'demo-audience');
const SHORT_HANDLES = args.includes('--short-handles');
/** Characters --short-handles takes off each handle (keeping at least SHORTEST). */
const SHORTER_BY = 2;
const SHORTEST = 5;
const SEED = 20261125;
const FOLLOWERS = 2500;
/** How many followers of each kind: 30 % fake or bot, what an audit should recover (20 % bought, 10 % spam). */
const KINDS: Record<DemoKind, number> = { human: 1750, fake: 500, bot: 250 };
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

const random = createSeededRandom(SEED);
const kinds = (Object.entries(KINDS) as [DemoKind, number][]).flatMap(([kind, count]) =>
  new Array<DemoKind>(count).fill(kind),
);
if (kinds.length !== FOLLOWERS) throw new Error(`${kinds.length} kinds for ${FOLLOWERS} followers`);
// Followers arrive in no particular order: a seeded shuffle (Fisher–Yates).
for (let i = kinds.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [kinds[i], kinds[j]] = [kinds[j] as DemoKind, kinds[i] as DemoKind];
}
const lines = kinds.map((kind, i) => {
  const account = drawFollower(random, kind, String(1_000_000_000 + i), OBSERVED_AT);
  const handle = SHORT_HANDLES
    ? account.handle?.slice(0, Math.max(SHORTEST, account.handle.length - SHORTER_BY))
    : account.handle;
  return JSON.stringify(toRealreachRecord({ ...account, handle }, LABEL_OF[kind]));
});
mkdirSync(DIR, { recursive: true });
writeFileSync(join(DIR, 'followers.jsonl'), `${lines.join('\n')}\n`);
writeFileSync(join(DIR, 'profile.json'), `${JSON.stringify(PROFILE, null, 2)}\n`);
process.stderr.write(
  `wrote ${FOLLOWERS} synthetic followers${SHORT_HANDLES ? ` with handles ${SHORTER_BY} characters shorter` : ''} (seed ${SEED}: ${KINDS.human} people, ${KINDS.fake} bought fake followers, ${KINDS.bot} spam bots) to ${DIR}\n`,
);
