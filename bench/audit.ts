// Audit benchmark: end-to-end audits of 1M and 5M synthetic followers (JSONL), against the bare JSON.parse line rate on the same file, and peak RSS.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { median } from './readers.ts';

interface AuditRun {
  followers: number;
  seconds: number;
  rate: number;
  peakRssMiB: number;
}

const AUDIT_RATE = join(import.meta.dirname, 'audit-rate.ts');
const READ_RATE = join(import.meta.dirname, 'read-rate.ts');

function run(script: string, args: string[]): AuditRun & { accepted?: number } {
  const output = execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });
  return JSON.parse(output);
}

export interface AuditBenchResult {
  small: number;
  large: number;
  auditRate: number;
  bareRate: number;
  peakRssSmall: number;
  peakRssLarge: number;
}

/** Uses the X v1.1 JSONL files the reader benchmark wrote (1x and 5x). */
export function benchAudit(smallPath: string, largePath: string, repeats: number): AuditBenchResult {
  const audits: AuditRun[] = [];
  const bare: number[] = [];
  for (let i = 0; i < repeats; i++) {
    bare.push(run(READ_RATE, [smallPath, '--bare']).rate);
    audits.push(run(AUDIT_RATE, [smallPath]));
  }
  const large = run(AUDIT_RATE, [largePath]);
  return {
    small: (audits[0] as AuditRun).followers,
    large: large.followers,
    auditRate: median(audits.map((a) => a.rate)),
    bareRate: median(bare),
    peakRssSmall: median(audits.map((a) => a.peakRssMiB)),
    peakRssLarge: large.peakRssMiB,
  };
}

const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function renderAuditBench(result: AuditBenchResult): string {
  return `${[
    '## Audit',
    '',
    `realreach audit of ${rate.format(result.small)} synthetic followers (X v1.1 JSONL, x model, reasons for the 100 most suspicious):`,
    `  audit                 ${rate.format(result.auditRate)} followers/s`,
    `  bare JSON.parse/line  ${rate.format(result.bareRate)} records/s on the same file`,
    `  ratio                 ${((result.auditRate / result.bareRate) * 100).toFixed(0)} % (goal >= 50 %)`,
    `peak RSS: ${result.peakRssSmall.toFixed(0)} MiB at ${rate.format(result.small)} followers, ${result.peakRssLarge.toFixed(0)} MiB at ${rate.format(result.large)} (${((result.peakRssLarge / result.peakRssSmall - 1) * 100).toFixed(0)} %; goal: within +10 %)`,
  ].join('\n')}\n`;
}

/** The memory claim: peak RSS of the 5x audit within +10 % of the 1x one. Undefined when it holds, else why not. */
export function memoryCheckFailure(result: AuditBenchResult): string | undefined {
  const growth = result.peakRssLarge / result.peakRssSmall - 1;
  if (growth <= 0.1) return undefined;
  return `audit peak RSS grew ${(growth * 100).toFixed(1)} % from ${rate.format(result.small)} to ${rate.format(result.large)} followers (${result.peakRssSmall.toFixed(0)} → ${result.peakRssLarge.toFixed(0)} MiB; allowed: +10 %)`;
}
