// Reader benchmark: records/s of every reader on seeded synthetic files, against the bare JSON.parse-per-line rate, and peak RSS at 1M vs 5M.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SYNTHETIC_FORMATS, type SyntheticFormat, writeSyntheticFollowers } from './synthetic-accounts.ts';

interface RateResult {
  accepted: number;
  rejected: number;
  format: string;
  seconds: number;
  rate: number;
  peakRssMiB: number;
}

const READ_RATE = join(import.meta.dirname, 'read-rate.ts');

/** Each measurement runs in a fresh process, so peak RSS belongs to that reader alone. */
function measure(path: string, bare = false): RateResult {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', READ_RATE, path, ...(bare ? ['--bare'] : [])],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(output) as RateResult;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export interface ReaderBenchOptions {
  dir: string;
  /** 1 = the full sizes (1M JSONL, 5M for memory, 200k of each other format). */
  scale: number;
  repeats: number;
  log: (line: string) => void;
}

export interface ReaderBenchResult {
  jsonlRecords: number;
  readerRate: number;
  bareRate: number;
  ratio: number;
  peakRssSmall: number;
  peakRssLarge: number;
  largeRecords: number;
  perFormat: { name: string; records: number; rate: number; rejected: number; peakRssMiB: number }[];
  /** The X v1.1 JSONL files measured, kept for the audit benchmark. */
  smallPath: string;
  largePath: string;
}

export async function benchReaders({
  dir,
  scale,
  repeats,
  log,
}: ReaderBenchOptions): Promise<ReaderBenchResult> {
  const small = Math.round(1_000_000 * scale);
  const large = Math.round(5_000_000 * scale);
  const perFormatCount = Math.round(200_000 * scale);
  const smallPath = join(dir, 'followers-1x.jsonl');
  const largePath = join(dir, 'followers-5x.jsonl');
  log(`writing ${rate.format(small)} and ${rate.format(large)} X v1.1 JSONL records (seed 1)…`);
  await writeSyntheticFollowers(smallPath, 'x-v1', { seed: 1, count: small });
  await writeSyntheticFollowers(largePath, 'x-v1', { seed: 1, count: large });

  const readerRuns: RateResult[] = [];
  const bareRuns: RateResult[] = [];
  for (let i = 0; i < repeats; i++) {
    bareRuns.push(measure(smallPath, true));
    readerRuns.push(measure(smallPath));
  }
  for (const run of readerRuns) {
    if (run.accepted !== small || run.rejected !== 0)
      throw new Error(`JSONL reader read ${run.accepted}/${small}`);
  }
  const readerRate = median(readerRuns.map((r) => r.rate));
  const bareRate = median(bareRuns.map((r) => r.rate));
  const largeRun = measure(largePath);
  if (largeRun.accepted !== large) throw new Error(`JSONL reader read ${largeRun.accepted}/${large}`);

  const perFormat: ReaderBenchResult['perFormat'] = [];
  for (const name of Object.keys(SYNTHETIC_FORMATS) as SyntheticFormat[]) {
    const { file, expect } = SYNTHETIC_FORMATS[name];
    const path = join(dir, file);
    await writeSyntheticFollowers(path, name, { seed: 2, count: perFormatCount });
    const runs = Array.from({ length: repeats }, () => measure(path));
    const first = runs[0] as RateResult;
    if (first.format !== expect) throw new Error(`${file}: detected as ${first.format}, expected ${expect}`);
    if (first.accepted !== perFormatCount)
      throw new Error(`${file}: accepted ${first.accepted} of ${perFormatCount}`);
    perFormat.push({
      name: `${name} (${file})`,
      records: perFormatCount,
      rate: median(runs.map((r) => r.rate)),
      rejected: first.rejected,
      peakRssMiB: median(runs.map((r) => r.peakRssMiB)),
    });
  }
  return {
    jsonlRecords: small,
    readerRate,
    bareRate,
    ratio: readerRate / bareRate,
    peakRssSmall: median(readerRuns.map((r) => r.peakRssMiB)),
    peakRssLarge: largeRun.peakRssMiB,
    largeRecords: large,
    perFormat,
    smallPath,
    largePath,
  };
}

export function renderReaderBench(result: ReaderBenchResult): string {
  const lines = [
    '## Readers',
    '',
    `X v1.1 JSONL, ${rate.format(result.jsonlRecords)} records (median of repeated runs, same files, same run):`,
    `  realreach reader      ${rate.format(result.readerRate)} records/s`,
    `  bare JSON.parse/line  ${rate.format(result.bareRate)} records/s`,
    `  ratio                 ${(result.ratio * 100).toFixed(0)} % (goal >= 60 %)`,
    `peak RSS: ${result.peakRssSmall.toFixed(0)} MiB at ${rate.format(result.jsonlRecords)} records, ` +
      `${result.peakRssLarge.toFixed(0)} MiB at ${rate.format(result.largeRecords)} (ratio ${(result.peakRssLarge / result.peakRssSmall).toFixed(2)}; goal: flat)`,
    '',
    '| format (file) | records | records/s | vs bare JSONL | rejected | peak RSS MiB |',
    '|---|---:|---:|---:|---:|---:|',
    ...result.perFormat.map(
      (f) =>
        `| ${f.name} | ${rate.format(f.records)} | ${rate.format(f.rate)} | ${((f.rate / result.bareRate) * 100).toFixed(0)} % | ${f.rejected} | ${f.peakRssMiB.toFixed(0)} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
