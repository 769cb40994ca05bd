// `realreach inspect <file>`: what an export holds — format, counts, labels, rejected records and field coverage.
import type { Command } from 'commander';
import { formatRecordError } from '../../../core/errors.ts';
import { formatPercentOneDecimal, formatWhole } from '../../../core/quick-number-format.ts';
import { type InputSummary, inspectInput, StrictStop } from '../../../ingest/inspect.ts';
import { EXIT_INPUT, EXIT_OK } from '../exit.ts';
import { addInputOptions, type InputFlags, inputReadOptions } from '../input-options.ts';
import { parseTimeOption } from '../options.ts';
import { openOutputFile } from '../output-file.ts';

const SHOWN_ERRORS = 20;
// Written without Intl: building its first formatter would be most of a quick inspect's time.
const count = { format: formatWhole };
const percent = { format: formatPercentOneDecimal };

/**
 * The repeats among the accepted records: inspect's `accepted` counts them (read = accepted + rejected), where an
 * audit's counts each follower once (read = accepted + duplicates + rejected), so the line says they are inside it.
 */
function repeatWords(duplicates: number): string {
  if (duplicates === 0) return '';
  const which = duplicates === 1 ? '1 of them repeats' : `${count.format(duplicates)} of them repeat`;
  return ` (${which} an earlier follower, same platform + id: an audit counts each follower once)`;
}

export function renderSummary(summary: InputSummary): string {
  const lines: string[] = [];
  const { format } = summary;
  lines.push(`input      ${summary.input}${summary.gzip ? ' (gzip)' : ''}`);
  lines.push(`format     ${format.name}: ${format.title}`);
  lines.push(`           fields as in ${format.reference}`);
  lines.push(
    `records    read ${count.format(summary.read)} · accepted ${count.format(summary.accepted)}${repeatWords(summary.duplicates)} · rejected ${count.format(summary.rejected)}`,
  );
  const labelled = Object.entries(summary.labels).map(([label, n]) => `${label} ${count.format(n)}`);
  lines.push(
    `labels     ${labelled.length > 0 ? labelled.join(' · ') : 'none'}${labelled.length > 0 && summary.unlabelled > 0 ? ` · unlabelled ${count.format(summary.unlabelled)}` : ''}${summary.labelConflicts > 0 ? ` (${count.format(summary.labelConflicts)} ${summary.labelConflicts === 1 ? 'record contradicts' : 'records contradict'} an earlier label of its account: see the notes)` : ''}`,
  );
  const observed = summary.observedAtRange;
  lines.push(
    `observed   ${observed ? `${observed.first.slice(0, 10)} … ${observed.last.slice(0, 10)}` : 'unknown'} ` +
      `(${count.format(summary.observedAtFromExport)} from the export, ${count.format(summary.accepted - summary.observedAtFromExport)} given ${summary.defaultObservedAt.slice(0, 10)}: the file time or --observed-at)`,
  );
  if (summary.createdAtRange) {
    lines.push(
      `created    ${summary.createdAtRange.first.slice(0, 10)} … ${summary.createdAtRange.last.slice(0, 10)}`,
    );
  }
  for (const note of summary.notes) lines.push(`note       ${note}`);
  if (summary.rejected > 0) {
    lines.push(
      '',
      `rejected records (${Math.min(SHOWN_ERRORS, summary.errors.length)} of ${count.format(summary.rejected)} shown; --errors FILE writes them all):`,
    );
    for (const error of summary.errors.slice(0, SHOWN_ERRORS)) lines.push(`  ${formatRecordError(error)}`);
  }
  lines.push('', 'field coverage (share of accepted accounts that have the field):');
  const width = Math.max(...Object.keys(summary.coverage).map((field) => field.length));
  for (const [field, share] of Object.entries(summary.coverage)) {
    if (share === 0) continue;
    lines.push(`  ${field.padEnd(width)}  ${percent.format(share).padStart(6)}`);
  }
  const missing = Object.entries(summary.coverage)
    .filter(([, share]) => share === 0)
    .map(([field]) => field);
  if (missing.length > 0) lines.push(`  never present: ${missing.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

interface InspectFlags extends InputFlags {
  format?: string;
  json?: boolean;
  strict?: boolean;
  observedAt?: Date;
  errors?: string;
}

export function registerInspect(program: Command): void {
  const command = program.command('inspect');
  addInputOptions(command);
  command
    .description(
      'show what a follower export holds: format, counts, labels, rejected records, field coverage',
    )
    .argument('<file>', 'a follower export: a path, a .gz path, or - for stdin')
    .option('--format <name>', 'skip detection and read as this format')
    .option(
      '--observed-at <date>',
      'capture time for records whose export has none (default: the file time)',
      parseTimeOption('--observed-at'),
    )
    .option('--strict', 'stop at the first rejected record (exit code 1)')
    .option('--errors <file>', 'write every rejected record to this file as JSONL')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, flags: InspectFlags) => {
      const errorLog = flags.errors ? await openOutputFile(flags.errors, '--errors') : undefined;
      try {
        const summary = await inspectInput(file, {
          ...inputReadOptions(flags, '--format'),
          format: flags.format,
          observedAt: flags.observedAt,
          strict: flags.strict,
          onError: errorLog ? (error) => errorLog.write(`${JSON.stringify(error)}\n`) : undefined,
        });
        process.stdout.write(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : renderSummary(summary));
        process.exitCode = EXIT_OK;
      } catch (error) {
        if (!(error instanceof StrictStop)) throw error;
        process.stderr.write(`realreach: ${formatRecordError(error.error)}\nrealreach: ${error.message}\n`);
        process.exitCode = EXIT_INPUT;
      } finally {
        errorLog?.end();
      }
    });
}
