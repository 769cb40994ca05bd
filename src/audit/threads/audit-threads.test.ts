// A JSONL file with repeats (within and across ranges), bad lines and CRLF audited on 1, 2 and 4 threads: the same report byte for byte, every count and every error's line right.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { formatRecordError, type RecordError } from '../../core/errors.ts';
import { splitAtLines } from '../../ingest/framing/file-parts.ts';
import { openAccountReader } from '../../ingest/read.ts';
import type { ByteRange } from '../../ingest/source/source.ts';
import { loadDetector, modelNameForPlatform } from '../../model/detector.ts';
import { type KindDetectors, kindDetectorsOf } from '../../model/kind-models.ts';
import { createSeededRandom } from '../../model/seeded-random.ts';
import { auditRange } from './audit-range.ts';
import { auditFileInThreads, threadBlocker } from './audit-threads.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-threads-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function userLine(id: number, random: () => number): string {
  const fake = random() < 0.3;
  const year = fake ? 2019 : 2009 + Math.floor(random() * 10);
  return JSON.stringify({
    id_str: String(id),
    screen_name: `user${fake ? Math.floor(random() * 1e6) : ''}${id.toString(36)}`,
    name: `Name ${id}`,
    description: fake ? '' : 'likes maps and bread',
    followers_count: Math.floor(fake ? random() * 20 : 50 + random() * 2000),
    friends_count: Math.floor(fake ? 400 + random() * 2000 : 50 + random() * 800),
    statuses_count: Math.floor(fake ? random() * 5 : 100 + random() * 9000),
    favourites_count: Math.floor(random() * 3000),
    listed_count: fake ? 0 : Math.floor(random() * 10),
    created_at: `Mon ${MONTHS[Math.floor(random() * 12)]} 1${Math.floor(random() * 9)} 10:00:00 +0000 ${year}`,
    default_profile_image: fake && random() < 0.6,
    verified: false,
    protected: false,
  });
}

/**
 * 6,000 lines: every 97th line repeats a follower from far back (often in an earlier thread's range), some lines
 * are broken JSON or lack the id, a few are blank, and part of the file ends its lines with CRLF.
 */
function writeFollowers(path: string): { badLines: number[]; lines: number } {
  const random = createSeededRandom(7);
  const lines: string[] = [];
  const badLines: number[] = [];
  for (let i = 0; i < 6000; i++) {
    if (i % 97 === 96) lines.push(userLine(1000 + Math.floor(random() * i), createSeededRandom(1000 + i)));
    else if (i % 331 === 5) {
      lines.push('{"id_str": "broken", ');
      badLines.push(i + 1);
    } else if (i % 509 === 7) {
      lines.push(JSON.stringify({ screen_name: 'no_id', followers_count: 3 }));
      badLines.push(i + 1);
    } else if (i % 701 === 9) lines.push('');
    else lines.push(userLine(1000 + i, createSeededRandom(1000 + i)));
  }
  const text = lines.map((line, i) => `${line}${i >= 2000 && i < 3000 ? '\r\n' : '\n'}`).join('');
  writeFileSync(path, text);
  return { badLines, lines: lines.length };
}

const path = join(dir, 'followers.jsonl');
const written = writeFollowers(path);

/** Audits as the CLI does: with the kind models, unless `kinds` is false; with the platform's model, unless `model` names another. */
async function audit(threads: number, file = path, { kinds = true, model = '' } = {}) {
  const reader = await openAccountReader(file);
  const rejected: RecordError[] = [];
  let kindDetectors: KindDetectors | undefined;
  const result = await auditFileInThreads(reader, {
    threads,
    minPartBytes: 1,
    async detectorFor(platform) {
      const detector = await loadDetector(model || modelNameForPlatform(platform));
      if (kinds) kindDetectors = kindDetectorsOf(detector);
      return detector;
    },
    kinds,
    kindsFor: () => kindDetectors,
    rejectedShown: 100,
    onRejected: (error) => rejected.push(error),
    bootstrapReplicates: 200,
  });
  return { ...result, rejected, blocker: threadBlocker(reader, {} as never) };
}

/** A CSV cell as written: quoted when it holds a delimiter, a quote or a line break. */
const csvCell = (value: string | number | boolean) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const CSV_COLUMNS = [
  'id',
  'screen_name',
  'name',
  'description',
  'followers_count',
  'friends_count',
  'statuses_count',
  'favourites_count',
  'listed_count',
  'created_at',
  'default_profile_image',
  'verified',
  'protected',
];

function csvRow(id: number, random: () => number, description?: string): string {
  const user = JSON.parse(userLine(id, random)) as Record<string, string | number | boolean>;
  const row: Record<string, string | number | boolean> = { ...user, id: user.id_str as string };
  if (description !== undefined) row.description = description;
  return CSV_COLUMNS.map((column) => csvCell(row[column] ?? '')).join(',');
}

/**
 * The same kind of list as X v1.1 CSV (x-v1-csv): bios quoted over several lines, with commas and doubled quotes,
 * repeats, rows of the wrong width, one unclosed quote the reader recovers from, part of it with CRLF.
 */
function writeCsvFollowers(file: string): void {
  const random = createSeededRandom(11);
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (let i = 0; i < 4000; i++) {
    if (i % 97 === 96) rows.push(csvRow(1000 + Math.floor(random() * i), createSeededRandom(1000 + i)));
    else if (i % 41 === 3)
      rows.push(csvRow(1000 + i, createSeededRandom(1000 + i), `line one, "quoted"\nline two\n${i}`));
    else if (i % 353 === 5) rows.push('broken,row');
    else if (i === 77) rows.push('77,"unclosed,x,y');
    else rows.push(csvRow(1000 + i, createSeededRandom(1000 + i)));
  }
  writeFileSync(file, rows.map((row, i) => `${row}${i >= 1000 && i < 2000 ? '\r\n' : '\n'}`).join(''));
}

/** A CSV whose middle is one bio of 600 lines: a cut in two falls inside it. */
function writeCsvWithLongField(file: string): void {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (let i = 0; i < 100; i++) rows.push(csvRow(5000 + i, createSeededRandom(i)));
  rows.push(
    csvRow(5100, createSeededRandom(100), Array.from({ length: 600 }, (_, k) => `bio ${k}`).join('\n')),
  );
  for (let i = 101; i < 200; i++) rows.push(csvRow(5000 + i, createSeededRandom(i)));
  writeFileSync(file, `${rows.join('\n')}\n`);
}

describe('audit on threads', () => {
  test('the file can be split', async () => {
    const { blocker } = await audit(1);
    assert.equal(blocker, undefined);
  });

  test('1, 2 and 4 threads give the same report, byte for byte, with the repeats and rejects of one pass', async () => {
    const one = await audit(1);
    assert.ok(one.report.input.duplicates > 40, `duplicates: ${one.report.input.duplicates}`);
    assert.equal(one.report.input.rejected, written.badLines.length);
    for (const threads of [2, 4]) {
      const many = await audit(threads);
      assert.equal(JSON.stringify(many.report), JSON.stringify(one.report), `${threads} threads`);
      assert.deepEqual(many.followers, one.followers);
      assert.deepEqual(many.rejected, one.rejected);
    }
  });

  test('the kinds’ shares, which a worker estimates while this thread estimates the fake share, are the same', async () => {
    // the demo's: this file's fake share is estimated at 0, which bounds every kind's to 0 whatever its own estimate
    const demo = join(import.meta.dirname, '..', '..', '..', 'examples', 'demo-audience', 'followers.jsonl');
    const one = await audit(1, demo);
    const kinds = one.report.kindShares ?? [];
    assert.equal(kinds.length, 2);
    assert.ok(
      kinds.every((kind) => kind.share.estimate > 0),
      JSON.stringify(kinds),
    );
    const two = await audit(2, demo);
    assert.equal(JSON.stringify(two.report), JSON.stringify(one.report));
    assert.deepEqual(two.followers, one.followers);
  });

  test('without the kind models too (no worker is asked for their shares)', async () => {
    const one = await audit(1, path, { kinds: false });
    assert.equal(one.report.kindShares, undefined);
    const two = await audit(2, path, { kinds: false });
    assert.equal(JSON.stringify(two.report), JSON.stringify(one.report));
  });

  test('the workers score with the model this thread loaded, whichever it is (they are posted its files)', async () => {
    const one = await audit(1, path, { kinds: false, model: 'general' });
    const usual = await audit(1, path, { kinds: false });
    assert.notEqual(one.report.fakeShare.estimate, usual.report.fakeShare.estimate);
    const two = await audit(2, path, { kinds: false, model: 'general' });
    assert.equal(JSON.stringify(two.report), JSON.stringify(one.report));
    assert.deepEqual(two.followers, one.followers);
  });

  test('a range explains its most suspicious followers ahead of the merge only when told (the main thread’s)', async () => {
    const detector = await loadDetector('x');
    const ranges = await splitAtLines(path, 2);
    const range = ranges[1] as ByteRange;
    const reasonsOf = async (explainAhead: boolean) => {
      const { partial } = await auditRange(
        {
          path,
          range,
          read: { format: 'x-v1', observedAt: new Date('2026-01-01T00:00:00Z') },
          kinds: false,
          audit: {},
          explainAhead,
          seen: [],
          errorsKept: 0,
        },
        detector,
        undefined,
      );
      return partial.tally.mostSuspicious.slice(0, 10).map((follower) => follower.reasons);
    };
    assert.ok((await reasonsOf(true)).every((reasons) => reasons !== undefined && reasons.length > 0));
    assert.ok((await reasonsOf(false)).every((reasons) => reasons === undefined));
  });

  test('errors name the line of the file, not of a thread’s range', async () => {
    const { rejected, report } = await audit(4);
    assert.deepEqual(
      rejected.map((error) => error.line),
      written.badLines,
    );
    assert.ok(rejected.every((error) => error.file === path));
    assert.deepEqual(report.input.rejectedExamples, rejected.slice(0, 10).map(formatRecordError));
  });

  test('a CSV is split too: 1, 2 and 4 threads give the same report, rejects and lines', async () => {
    const csv = join(dir, 'followers.csv');
    writeCsvFollowers(csv);
    const one = await audit(1, csv);
    assert.equal(one.blocker, undefined);
    assert.ok(one.report.input.duplicates > 20, `duplicates: ${one.report.input.duplicates}`);
    assert.ok(one.report.input.rejected > 5, `rejected: ${one.report.input.rejected}`);
    for (const threads of [2, 4]) {
      const many = await audit(threads, csv);
      assert.equal(JSON.stringify(many.report), JSON.stringify(one.report), `${threads} threads`);
      assert.deepEqual(many.followers, one.followers);
      assert.deepEqual(many.rejected, one.rejected);
      assert.deepEqual(many.warnings, one.warnings, 'every cut fell between records');
    }
  });

  test('a CSV cut inside a quoted field is read again on one thread, and says so', async () => {
    const csv = join(dir, 'long-field.csv');
    writeCsvWithLongField(csv);
    const one = await audit(1, csv);
    const two = await audit(2, csv);
    assert.equal(JSON.stringify(two.report), JSON.stringify(one.report));
    assert.deepEqual(two.followers, one.followers);
    assert.deepEqual(two.warnings.slice(0, -1), one.warnings);
    const said =
      /^read on one thread: the CSV could not be cut between records for 2 threads \(a quoted field spans line (\d+)\)$/.exec(
        two.warnings.at(-1) ?? '',
      );
    assert.ok(said, two.warnings.at(-1));
    // the bio's lines are 102 (its row's first) to 701
    const line = Number(said[1]);
    assert.ok(line > 102 && line <= 701, `line ${line}`);
  });
});
