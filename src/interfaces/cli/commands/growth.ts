// `realreach growth <history.csv | followers file>`: the follower history (imported or rebuilt from follow order), its spikes, drops and regime changes, and bought batches.
import type { Command } from 'commander';
import { PLATFORMS, type Platform } from '../../../core/account.ts';
import { formatRecordError } from '../../../core/errors.ts';
import { countOf } from '../../../core/plural.ts';
import { loadDetector } from '../../../model/detector.ts';
import {
  FOLLOW_ORDERS,
  type FollowOrder,
  type GrowthInput,
  growthJson,
  inputPosition,
  readGrowthInput,
} from '../../growth-input.ts';
import { UsageError } from '../exit.ts';

const GROWTH_FORMATS = ['text', 'json'] as const;
const SHOWN_REJECTED = 10;

interface GrowthFlags {
  order?: string;
  followers?: string;
  format: string;
  model?: string;
  inputFormat?: string;
  platform?: string;
}

const count = new Intl.NumberFormat('en-US');

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${count.format(Math.abs(value))}`;
}

function describe(input: GrowthInput): string {
  const { analysis } = input;
  const { days } = analysis.series;
  const lines: string[] = [];
  const first = days[0];
  const last = days.at(-1);
  if (input.kind === 'history')
    lines.push(
      `history    ${countOf(days.length, 'day')}, ${first?.date} to ${last?.date}: ${count.format(first?.followers ?? 0)} → ${countOf(last?.followers ?? 0, 'follower')}`,
    );
  else
    lines.push(
      `rebuilt    ${countOf(input.followers ?? 0, 'follower')} in follow order (${input.order?.order}, from the ${input.order?.from}), ${first?.date ?? '-'} to ${last?.date ?? '-'}`,
    );
  lines.push(`           ${analysis.series.note}`);
  lines.push(`events     ${analysis.events.length}`);
  for (const event of analysis.events) {
    const when = event.endDate === undefined ? event.date : `${event.date}..${event.endDate}`;
    const unit = event.kind === 'regime-change' ? ' a day' : '';
    let line = `  ${when}  ${event.kind.padEnd(13)} ${signed(event.size)}${unit}  ${event.robustZ === undefined ? 'follow-order batch' : `z ${event.robustZ.toFixed(1)}`}`;
    if (event.inGap && event.fromBatch !== true)
      line += '  between two snapshots: the date is known only to that window';
    if (event.purge !== undefined) line += `  known purge: ${event.purge}`;
    if (event.judgement !== undefined) line += `  ${event.judgement.verdict}: ${event.judgement.reason}`;
    lines.push(line);
  }
  if (analysis.batches !== undefined) {
    lines.push(
      `batches    ${countOf(analysis.batches.length, 'run')} of followers alike in ways organic audiences are not`,
    );
    for (const batch of analysis.batches) {
      const a = inputPosition(batch.from, input);
      const b = inputPosition(batch.to, input);
      lines.push(
        `  positions ${Math.min(a, b)}–${Math.max(a, b)} (${batch.size}), created ${batch.createdFrom ?? '?'}..${batch.createdTo ?? '?'}: ${batch.evidence.join('; ')}`,
      );
    }
  }
  for (const note of input.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}

export function registerGrowth(program: Command): void {
  program
    .command('growth')
    .description(
      'follower history from a history CSV (date,followers[,following,posts]) or rebuilt from a follower list in follow order: spikes, drops, regime changes, bought batches',
    )
    .argument('<file>', 'a history CSV, or a followers file (a file written by `fetch` knows its order)')
    .option(
      '--order <order>',
      `follower lists: ${FOLLOW_ORDERS.join(' or ')} (default: the fetch meta file's, else newest-first)`,
    )
    .option(
      '--model <name>',
      'follower lists: score with this bundled model or model file (default: by platform)',
    )
    .option(
      '--followers <file>',
      "with a history CSV: today's follower list in follow order, to judge each spike by who arrived (--order applies to it)",
    )
    .option(
      '--platform <name>',
      `the profile's platform (${PLATFORMS.join(', ')}): a history's drops on a known purge of it are named (default: the follower list's)`,
    )
    .option('--input-format <name>', 'follower lists: skip detection and read the list as this format')
    .option('--format <format>', `output: ${GROWTH_FORMATS.join(' or ')}`, 'text')
    .action(async (file: string, flags: GrowthFlags) => {
      if (!(GROWTH_FORMATS as readonly string[]).includes(flags.format))
        throw new UsageError(`--format: expected ${GROWTH_FORMATS.join(', ')}, got "${flags.format}"`);
      if (flags.order !== undefined && !(FOLLOW_ORDERS as readonly string[]).includes(flags.order))
        throw new UsageError(`--order: expected ${FOLLOW_ORDERS.join(' or ')}, got "${flags.order}"`);
      if (flags.platform !== undefined && !(PLATFORMS as readonly string[]).includes(flags.platform))
        throw new UsageError(`--platform: expected ${PLATFORMS.join(', ')}, got "${flags.platform}"`);
      const input = await readGrowthInput(file, {
        order: flags.order as FollowOrder | undefined,
        ...(flags.platform === undefined ? {} : { platform: flags.platform as Platform }),
        detectorFor: loadDetector,
        model: flags.model,
        followers: flags.followers,
        read: { format: flags.inputFormat, formatOption: '--input-format' },
      });
      input.rejected.slice(0, SHOWN_REJECTED).forEach((error) => {
        process.stderr.write(`realreach: rejected ${formatRecordError(error)}\n`);
      });
      if (input.rejected.length > SHOWN_REJECTED)
        process.stderr.write(`realreach: … ${input.rejected.length - SHOWN_REJECTED} more rows rejected\n`);
      process.stdout.write(
        flags.format === 'json' ? `${JSON.stringify(growthJson(input), null, 2)}\n` : describe(input),
      );
    });
}
