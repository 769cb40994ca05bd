// CPU of three of the reader's hot paths, with the built library of a tree (default: this one's dist/), for side-by-side runs of two trees: the key picker on X lines held in memory, X's created_at, and the duplicate check.
// node --import tsx bench/hot-paths.ts picker FILE [--tree DIR] | time [--tree DIR] | duplicates [--tree DIR] [--ids N (1,000,000)]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './readers.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tree: { type: 'string', default: join(import.meta.dirname, '..') },
    ids: { type: 'string', default: '1000000' },
  },
});
const [what, file] = positionals;
const dist = join(values.tree, 'dist');
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

if (what === 'picker') {
  // the first 200,000 lines of an X v1.1 JSONL file (bench/synthetic-accounts.ts), picked 7 times
  if (!file) throw new Error('usage: hot-paths.ts picker FILE');
  const { createKeyPicker } = (await import(
    join(dist, 'ingest', 'framing', 'json-pick.js')
  )) as typeof import('../src/ingest/framing/json-pick.ts');
  const { xV1Json } = (await import(
    join(dist, 'ingest', 'formats', 'x-v1.js')
  )) as typeof import('../src/ingest/formats/x-v1.ts');
  // held as the reader holds them: in chunks of 256 KiB (source.ts), here cut at line ends
  const bytes = readFileSync(file).subarray(0, 200e6);
  const lines: [Buffer, number, number][] = [];
  for (let from = 0; from < bytes.length && lines.length < 200_000; ) {
    const cut = bytes.lastIndexOf(10, Math.min(bytes.length - 1, from + 256 * 1024 - 1));
    if (cut < from) break;
    const chunk = Buffer.from(bytes.subarray(from, cut + 1));
    for (let i = 0, start = 0; i < chunk.length && lines.length < 200_000; i++)
      if (chunk[i] === 10) {
        lines.push([chunk, start, i]);
        start = i + 1;
      }
    from = cut + 1;
  }
  const pick = createKeyPicker(xV1Json.keys as readonly string[]);
  const times: number[] = [];
  let picked = 0;
  for (let round = 0; round < 7; round++) {
    const before = cpuSeconds();
    for (const [chunk, start, end] of lines) if (pick(chunk, start, end) !== undefined) picked++;
    times.push(((cpuSeconds() - before) / lines.length) * 1e6);
  }
  process.stdout.write(
    `${values.tree}: key picker ${median(times).toFixed(3)} CPU-us a line (median of 7 passes over ${lines.length} lines; ${picked} picked)\n`,
  );
} else if (what === 'time') {
  const { xV1Time } = (await import(
    join(dist, 'ingest', 'x-v1-time.js')
  )) as typeof import('../src/ingest/x-v1-time.ts');
  const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (value: number) => String(value).padStart(2, '0');
  // flat strings, as the picker makes them (a template literal's would be cons strings)
  const texts = Array.from({ length: 100_000 }, (_, i) =>
    Buffer.from(
      `${weekdays[i % 7]} ${months[i % 12]} ${two(1 + (i % 28))} ${two(i % 24)}:${two(i % 60)}:${two((i * 7) % 60)} +0000 ${2006 + (i % 18)}`,
    ).toString('latin1'),
  );
  const times: number[] = [];
  let sum = 0;
  for (let round = 0; round < 9; round++) {
    const before = cpuSeconds();
    for (let repeat = 0; repeat < 10; repeat++) for (const text of texts) sum += xV1Time(text);
    times.push(((cpuSeconds() - before) / (10 * texts.length)) * 1e9);
  }
  process.stdout.write(
    `${values.tree}: xV1Time ${median(times).toFixed(1)} CPU-ns a call (median of 9; checksum ${sum > 0})\n`,
  );
} else if (what === 'duplicates') {
  const { DuplicateAccounts } = (await import(
    join(dist, 'ingest', 'duplicates', 'duplicate-accounts.js')
  )) as typeof import('../src/ingest/duplicates/duplicate-accounts.ts');
  type Account = import('../src/core/account.ts').Account;
  // N distinct X ids in a scrambled order (7919 is prime: a permutation unless N is a multiple of it), one by one
  const ids = Number(values.ids);
  if (!Number.isInteger(ids) || ids < 1 || ids % 7919 === 0)
    throw new Error(`--ids ${values.ids}: expected a count of ids`);
  const accounts = Array.from(
    { length: ids },
    (_, i) => ({ platform: 'x', id: String(1_000_000_000 + ((i * 7919) % ids)) }) as Account,
  );
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    const seen = new DuplicateAccounts();
    let repeats = 0;
    const before = cpuSeconds();
    for (const account of accounts) repeats += seen.repeats(account) ? 1 : 0;
    times.push(cpuSeconds() - before);
    seen.close();
    if (repeats !== 0) throw new Error('repeats among distinct ids');
  }
  process.stdout.write(
    `${values.tree}: duplicate check of ${ids === 1e6 ? '1M' : ids.toLocaleString('en-US')} ${median(times).toFixed(3)} CPU-s (median of 3: ${times.map((t) => t.toFixed(3)).join(', ')})\n`,
  );
} else throw new Error('usage: hot-paths.ts picker FILE | time | duplicates [--tree DIR]');
