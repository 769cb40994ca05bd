// Prints summary distributions (quantiles, shares, rank correlations — never a row or an identifier) of the three populations the demo generator imitates, from the shared labelled collections: the numbers generate-demo-audience.ts cites.
// Run: node --import tsx examples/describe-populations.ts [datasets root, default ../shared/datasets]
//      node --import tsx examples/describe-populations.ts examples/demo-audience/followers.jsonl   (the demo's, by label)
//
// Populations (the MIB collections of Cresci et al. 2015 and 2017, all captured 2014–2015 from X):
// humans — cresci-2015 E13 and cresci-2017 genuine accounts; bought fake followers — cresci-2015 INT; spam bots —
// cresci-2017 traditional spambots #1.
import { resolve } from 'node:path';
import type { Account } from '../src/core/account.ts';
import { ALL_FEATURES } from '../src/features/extract.ts';
import { readLabelledDatasets } from '../src/model/training/labelled-data.ts';

const argument = process.argv[2];
const demo = argument?.endsWith('.jsonl') ? resolve(argument) : undefined;
const root = resolve(argument ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'));
const POPULATIONS = {
  humans: [
    { collection: 'cresci-2015', path: 'cresci-2015/E13/users.csv' },
    { collection: 'cresci-2017', path: 'cresci-2017/genuine_accounts/users_noheader.csv' },
  ],
  'bought fake followers': [{ collection: 'cresci-2015', path: 'cresci-2015/INT/users.csv' }],
  'spam bots': [{ collection: 'cresci-2017', path: 'cresci-2017/traditional_spambots_1/users.csv' }],
};

const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9];
function quantiles(values: number[]): string {
  const known = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (known.length === 0) return 'unknown';
  const at = (q: number) => known[Math.min(known.length - 1, Math.floor(q * known.length))] as number;
  const round = (value: number) => (Math.abs(value) >= 10 ? Math.round(value) : Number(value.toPrecision(2)));
  return `${QUANTILES.map((q) => round(at(q))).join(' / ')} (n ${known.length})`;
}
/** Shares (%, one decimal) of the known values falling in each of `bins` (a value goes to the last bin whose lower end it reaches). */
function histogram(values: number[], bins: readonly number[]): string {
  const known = values.filter((value) => Number.isFinite(value));
  if (known.length === 0) return 'unknown';
  const counts = bins.map(() => 0);
  for (const value of known) {
    let bin = 0;
    while (bin + 1 < bins.length && value >= (bins[bin + 1] as number)) bin++;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return `${counts.map((count) => ((count / known.length) * 100).toFixed(1)).join(' ')} (n ${known.length})`;
}
const HANDLE_LENGTHS = Array.from({ length: 15 }, (_, i) => i + 1);
const HANDLE_DIGITS = [0, 1, 2, 3, 4, 5, 6];
const NAME_WORDS = [0, 1, 2, 3, 4];
/** Likeness in tenths, the last bin exactly 1 (the name is the handle). */
const LIKENESS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
/** Bio length in steps of 20 characters, the first bin exactly 0 (no bio). */
const BIO_LENGTHS = [0, 1, 20, 40, 60, 80, 100, 120, 140, 160];

const share = (flags: (boolean | undefined)[]) => {
  const known = flags.filter((flag) => flag !== undefined);
  return known.length === 0
    ? 'unknown'
    : `${((known.filter(Boolean).length / known.length) * 100).toFixed(1)} % (n ${known.length})`;
};
function ranks(values: number[]): number[] {
  const order = values.map((value, i) => [value, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  order.forEach(([, i], rank) => {
    out[i] = rank;
  });
  return out;
}
/** Spearman's rank correlation over the rows where both are known. */
function spearman(a: number[], b: number[]): string {
  const keep = a.flatMap((value, i) =>
    Number.isFinite(value) && Number.isFinite(b[i] as number) ? [i] : [],
  );
  const ra = ranks(keep.map((i) => a[i] as number));
  const rb = ranks(keep.map((i) => b[i] as number));
  const n = keep.length;
  const mean = (n - 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    const x = (ra[i] as number) - mean;
    const y = (rb[i] as number) - mean;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return (num / Math.sqrt(da * db)).toFixed(2);
}

const feature = (name: string) => ALL_FEATURES.names.indexOf(name);
const ageDays = (account: Account) =>
  account.createdAt && account.observedAt
    ? (account.observedAt.getTime() - account.createdAt.getTime()) / 86_400_000
    : Number.NaN;
const count = (value: number | undefined) => value ?? Number.NaN;

async function populations(): Promise<[string, Account[]][]> {
  if (demo) {
    const { accounts, labels } = await readLabelledDatasets([{ collection: 'demo', path: demo }], '/');
    const names = { human: 'humans', fake: 'bought fake followers', bot: 'spam bots' };
    return Object.entries(names).map(([label, name]) => [
      `${name} in the demo`,
      accounts.filter((_, i) => labels[i] === label),
    ]);
  }
  return Promise.all(
    Object.entries(POPULATIONS).map(
      async ([name, datasets]) =>
        [name, (await readLabelledDatasets(datasets, root)).accounts] as [string, Account[]],
    ),
  );
}

for (const [population, accounts] of await populations()) {
  const rows = accounts.map((account) =>
    ALL_FEATURES.extract(account, new Float64Array(ALL_FEATURES.names.length)),
  );
  const column = (name: string) => rows.map((row) => row[feature(name)] as number);
  const followers = accounts.map((a) => count(a.followersCount));
  const following = accounts.map((a) => count(a.followingCount));
  const posts = accounts.map((a) => count(a.postsCount));
  const age = accounts.map(ageDays);
  const lines = [
    `## ${population} (${accounts.length} accounts)`,
    `quantiles 10 / 25 / 50 / 75 / 90 %:`,
    `  followers            ${quantiles(followers)}`,
    `  following            ${quantiles(following)}`,
    `  following/followers  ${quantiles(following.map((f, i) => f / Math.max(1, followers[i] as number)))}`,
    `  posts                ${quantiles(posts)}`,
    `  likes                ${quantiles(accounts.map((a) => count(a.likesCount)))}`,
    `  listed               ${quantiles(accounts.map((a) => count(a.listedCount)))}`,
    `  account age (days)   ${quantiles(age)}`,
    `  posts per day        ${quantiles(posts.map((p, i) => p / Math.max(1, age[i] as number)))}`,
    `  bio length           ${quantiles(column('bio_length'))}`,
    `  name-handle likeness ${quantiles(column('display_name_handle_similarity'))}`,
    `  display-name words   ${quantiles(column('display_name_words'))}`,
    `  handle length        ${quantiles(column('handle_length'))}`,
    `  handle digits        ${quantiles(column('handle_digits'))}`,
    `histograms, % of known values:`,
    `  handle length 1…15          ${histogram(column('handle_length'), HANDLE_LENGTHS)}`,
    `  handle digits 0…5, 6+       ${histogram(column('handle_digits'), HANDLE_DIGITS)}`,
    `  display-name words 0…3, 4+  ${histogram(column('display_name_words'), NAME_WORDS)}`,
    `  name-handle likeness by tenths, then exactly 1  ${histogram(column('display_name_handle_similarity'), LIKENESS)}`,
    `  bio length 0, 1–19, by 20s to 160+  ${histogram(column('bio_length'), BIO_LENGTHS)}`,
    `shares: following within 10 % of followers ${share(followers.map((f, i) => (Number.isNaN(f) || Number.isNaN(following[i] as number) ? undefined : Math.abs((following[i] as number) - f) <= 0.1 * f)))}; bio ${share(accounts.map((a) => (a.bio === undefined ? undefined : a.bio.trim().length > 0)))}; link ${share(accounts.map((a) => (a.url === undefined ? undefined : a.url.length > 0)))}; location ${share(accounts.map((a) => (a.location === undefined ? undefined : a.location.trim().length > 0)))}; default avatar ${share(accounts.map((a) => a.hasDefaultAvatar))}; banner ${share(accounts.map((a) => a.hasBanner))}; name = handle ${share(column('display_name_equals_handle').map((v) => (Number.isNaN(v) ? undefined : v === 1)))}; no posts ${share(posts.map((p) => (Number.isNaN(p) ? undefined : p === 0)))}; private ${share(accounts.map((a) => a.isPrivate))}; verified ${share(accounts.map((a) => a.isVerified))}; last post time known ${share(accounts.map((a) => a.lastPostAt !== undefined))}`,
    `Spearman (log counts): followers~following ${spearman(followers, following)}, followers~posts ${spearman(followers, posts)}, posts~age ${spearman(posts, age)}, followers~age ${spearman(followers, age)}, following~age ${spearman(following, age)}, followers~listed ${spearman(
      followers,
      accounts.map((a) => count(a.listedCount)),
    )}, posts~likes ${spearman(
      posts,
      accounts.map((a) => count(a.likesCount)),
    )}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
