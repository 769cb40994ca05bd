// `realreach score <file>`: one line per follower with its calibrated p(fake), the probability of each kind (where the platform has kind models) and the reasons, by the model for its platform.

import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { assertJudgeable } from '../../../audit/audit-followers.ts';
import type { Account } from '../../../core/account.ts';
import { formatRecordError } from '../../../core/errors.ts';
import { countOf, nounFor } from '../../../core/plural.ts';
import { DuplicateAccounts } from '../../../ingest/duplicates/duplicate-accounts.ts';
import { openAccountReader } from '../../../ingest/read.ts';
import { type Detector, loadDetector, modelNameForPlatform } from '../../../model/detector.ts';
import { inert } from '../../report/follower-csv.ts';
import { EXIT_INPUT, UsageError } from '../exit.ts';
import { addInputOptions, type InputFlags, inputReadOptions } from '../input-options.ts';
import { parseCountOption, parseTimeOption } from '../options.ts';

interface ScoreFlags extends InputFlags {
  model?: string;
  format: string;
  inputFormat?: string;
  observedAt?: Date;
  reasons: number;
  strict?: boolean;
}

const CSV_COLUMNS = [
  'id',
  'handle',
  'platform',
  'model',
  'pFake',
  'unlikeTraining',
  'reason1',
  'reason2',
  'reason3',
  'pFakeFollower',
  'pSpamBot',
  'label',
];

export function registerScore(program: Command): void {
  const command = program.command('score');
  addInputOptions(command);
  command
    .description(
      'score every account of a follower file: calibrated p(fake), p of each kind (X: fake follower, spam bot) and the top reasons',
    )
    .argument('<file>', 'a follower export: a path, a .gz path, or - for stdin')
    .option(
      '--model <name|path>',
      "x, instagram, general or a model file (default: by each account's platform)",
    )
    .option('--format <format>', 'output: jsonl or csv', 'jsonl')
    .option('--input-format <name>', 'skip detection and read the input as this format')
    .option(
      '--observed-at <date>',
      'capture time for records whose export has none',
      parseTimeOption('--observed-at'),
    )
    .option('--reasons <n>', 'reasons per account (0 for none, faster)', parseCountOption('--reasons'), 3)
    .option('--strict', 'stop at the first rejected record (exit code 1)')
    .action(async (file: string, flags: ScoreFlags) => {
      if (flags.format !== 'jsonl' && flags.format !== 'csv')
        throw new UsageError(`--format: expected jsonl or csv, got "${flags.format}"`);
      const detectors = new Map<string, Promise<Detector>>();
      const detectorFor = (account: Account) => {
        const name = flags.model ?? modelNameForPlatform(account.platform);
        let detector = detectors.get(name);
        if (!detector) {
          detector = loadDetector(name);
          detectors.set(name, detector);
        }
        return detector;
      };
      const reader = await openAccountReader(file, {
        ...inputReadOptions(flags, '--input-format'),
        format: flags.inputFormat,
        observedAt: flags.observedAt,
      });
      // ids only (X's archive, a label file): every score would be the model's guess about nothing, as audit says
      assertJudgeable(reader);
      for (const note of reader.notes) process.stderr.write(`realreach: ${note}\n`);
      if (flags.format === 'csv') process.stdout.write(stringify([CSV_COLUMNS]));
      let scored = 0;
      let rejected = 0;
      // Every record is scored, a repeat too (its line is in the output), but never silently: counted and said.
      let repeats = 0;
      // Ages and per-day rates measured against the reader's stand-in time (the file's), not a capture time.
      let agedByStandIn = 0;
      // Accounts scored by a model (--model) trained for another platform, said as audit says it.
      const otherPlatform = new Map<Detector['model'], number>();
      const repeated = new DuplicateAccounts();
      try {
        for await (const batch of reader.batches()) {
          const lines: string[] = [];
          for (const item of batch) {
            if (!item.ok) {
              rejected++;
              process.stderr.write(`realreach: rejected ${formatRecordError(item.error)}\n`);
              if (flags.strict) {
                process.exitCode = EXIT_INPUT;
                return;
              }
              continue;
            }
            const { account } = item;
            // the input's own label (a labelled collection, a label column), for a researcher's join; never scored
            const label = item.label ?? null;
            if (repeated.repeats(account)) repeats++;
            if (account.observedAt === reader.defaultObservedAt && account.createdAt !== undefined)
              agedByStandIn++;
            const detector = await detectorFor(account);
            if (!detector.model.platforms.includes(account.platform))
              otherPlatform.set(detector.model, (otherPlatform.get(detector.model) ?? 0) + 1);
            const score = detector.score(account, flags.reasons);
            const reasons = (score.reasons ?? []).map((reason) => reason.text);
            // A union model (x) scores each kind on the way to p(fake): its members' p are the kinds'.
            const kinds = score.pKind;
            const pKind = kinds
              ? {
                  fakeFollower: Math.round((kinds.fakeFollower ?? Number.NaN) * 1e4) / 1e4,
                  spamBot: Math.round((kinds.spamBot ?? Number.NaN) * 1e4) / 1e4,
                }
              : null;
            const base = {
              id: account.id,
              handle: account.handle ?? null,
              platform: account.platform,
              model: detector.model.name,
              pFake: Math.round(score.pFake * 1e4) / 1e4,
              unlikeTraining: score.unlikeTraining,
            };
            lines.push(
              flags.format === 'jsonl'
                ? `${JSON.stringify({ ...base, pKind, reasons, label })}\n`
                : stringify([
                    [
                      inert(base.id),
                      inert(base.handle ?? ''),
                      base.platform,
                      base.model,
                      base.pFake,
                      String(base.unlikeTraining),
                      ...[0, 1, 2].map((i) => inert(reasons[i] ?? '')),
                      pKind?.fakeFollower ?? '',
                      pKind?.spamBot ?? '',
                      label ?? '',
                    ],
                  ]),
            );
            scored++;
          }
          if (!process.stdout.write(lines.join('')))
            await new Promise((r) => process.stdout.once('drain', r));
        }
      } finally {
        repeated.close();
      }
      const repeatNote =
        repeats === 0
          ? ''
          : ` (${repeats.toLocaleString('en-US')} of them ${nounFor(repeats, 'repeats', 'repeat')} an earlier account, same platform + id: scored again, each on its own line; an audit counts each follower once)`;
      for (const [model, n] of otherPlatform)
        process.stderr.write(
          `realreach: ${countOf(n, 'account')} ${nounFor(n, 'is', 'are')} on a platform the ${model.name} model was not trained for (${model.platforms.join(', ')})\n`,
        );
      if (agedByStandIn > 0 && flags.observedAt === undefined)
        process.stderr.write(
          `realreach: ${countOf(agedByStandIn, 'account')} ${nounFor(agedByStandIn, 'carries', 'carry')} no capture time: their age and rates per day were measured at ${reader.defaultObservedAt.toISOString().slice(0, 10)} (the file's modification time, or now), not when they were captured; give --observed-at DATE if you know it\n`,
        );
      process.stderr.write(
        `realreach: scored ${scored}${repeatNote}, rejected ${rejected} (format ${reader.format.name})\n`,
      );
    });
}
