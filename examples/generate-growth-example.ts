// Writes the bundled growth example — a synthetic follower history and a synthetic follower list with one bought batch — from a fixed seed, byte for byte the same on every machine.
// Run: node --import tsx examples/generate-growth-example.ts [output folder, default examples/growth]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  makeFollower,
  type SyntheticFollower,
  seededRandom,
  syntheticAccount,
} from '../bench/synthetic-accounts.ts';
import { syntheticHistory } from '../src/growth/synthetic-history.ts';
import { toRealreachRecord } from '../src/ingest/formats/realreach.ts';

const DIR = process.argv[2] ?? join(import.meta.dirname, 'growth');
const SEED = 20261129;
const OBSERVED_AT = new Date('2026-11-01T00:00:00Z');
const PROFILE_SINCE = Date.parse('2019-03-01T00:00:00Z');
const ORGANIC = 1_700;
const BATCH = 300;
const DAY = 86_400_000;

mkdirSync(DIR, { recursive: true });

// 1. A daily history: organic growth with a weekly rhythm and noise, and the generator's injected events.
const history = syntheticHistory(SEED, { days: 300, events: 4, start: '2025-12-01' });
const csv = ['date,followers', ...history.series.days.map((day) => `${day.date},${day.followers}`)];
writeFileSync(join(DIR, 'history.csv'), `${csv.join('\n')}\n`);
const truth = history.events.map((event) => ({
  kind: event.kind,
  from: history.series.days[event.start + 1]?.date,
  to: history.series.days[event.end + 1]?.date,
  size: Math.round(event.size),
}));
writeFileSync(join(DIR, 'history-truth.json'), `${JSON.stringify(truth, null, 2)}\n`);

// 2. A follower list in follow order, newest first as the platforms list them: people who followed over the years,
// and one batch of bought accounts made within three weeks and delivered in the order they were made.
const random = seededRandom(SEED);
const followed: { follower: SyntheticFollower; at: number }[] = [];
for (let i = 0; i < ORGANIC; i++) {
  const follower = makeFollower(random, i, 0.04, OBSERVED_AT);
  const earliest = Math.max(follower.createdAt.getTime(), PROFILE_SINCE);
  followed.push({ follower, at: earliest + random() * (OBSERVED_AT.getTime() - earliest) });
}
const batchAt = Date.parse('2025-06-14T10:00:00Z');
const madeFrom = Date.parse('2025-04-20T00:00:00Z');
for (let k = 0; k < BATCH; k++) {
  const follower = makeFollower(random, ORGANIC + k, 1, OBSERVED_AT);
  follower.createdAt = new Date(madeFrom + (k / BATCH) * 21 * DAY + random() * 3_600_000);
  followed.push({ follower, at: batchAt + k * 20_000 });
}
followed.sort((a, b) => b.at - a.at);
const lines = followed.map(({ follower }) =>
  JSON.stringify(toRealreachRecord(syntheticAccount(follower), follower.kind)),
);
writeFileSync(join(DIR, 'followers.jsonl'), `${lines.join('\n')}\n`);
const first = followed.findIndex(({ follower }) => Number(follower.id) >= 1_000_000_000 + ORGANIC);
writeFileSync(
  join(DIR, 'followers-truth.json'),
  `${JSON.stringify({ order: 'newest-first', batch: { start: first + 1, end: first + BATCH, size: BATCH } }, null, 2)}\n`,
);
