// `realreach review <followers>`: draws a seeded sample stratified by p(fake) for a person to label, written as a CSV with profile links, the facts to judge by and an empty label column.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { DEFAULT_SEED } from '../../../audit/audit-followers.ts';
import { drawReview } from '../../../audit/verification/draw-review.ts';
import { REVIEW_COLUMNS, reviewRow } from '../../../audit/verification/review-file.ts';
import { DEFAULT_REVIEW_SIZE } from '../../../audit/verification/review-sample.ts';
import { describeStratum } from '../../../audit/verification/review-strata.ts';
import { formatRecordError, InputError } from '../../../core/errors.ts';
import { countOf } from '../../../core/plural.ts';
import { openAccountReader } from '../../../ingest/read.ts';
import { loadDetector, modelNameForPlatform } from '../../../model/detector.ts';
import { formatCount } from '../../report/words/report-numbers.ts';
import { UsageError } from '../exit.ts';
import { parseCountOption, parseTimeOption } from '../options.ts';
import { openOutputFile } from '../output-file.ts';

interface ReviewFlags {
  n: number;
  seed: number;
  out?: string;
  model?: string;
  inputFormat?: string;
  observedAt?: Date;
  strict?: boolean;
}

const SHOWN_REJECTED = 20;

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new UsageError(`--seed: expected a whole number from 0 to 4294967295, got "${value}"`);
  return seed;
}

function say(message: string): void {
  process.stderr.write(`realreach: ${message}\n`);
}

export function registerReview(program: Command): void {
  program
    .command('review')
    .description(
      'draw a seeded sample of followers stratified by p(fake) for a person to label (fake, real or unsure); `audit --labels` then combines the labels with every score',
    )
    .argument('<followers>', 'the follower list (a path, a .gz path, or - for stdin)')
    .option('--n <n>', 'followers to draw', parseCountOption('--n'), DEFAULT_REVIEW_SIZE)
    .option('--seed <n>', 'seed of the draw (same seed and list, same sample)', parseSeed, DEFAULT_SEED)
    .option('--out <file>', 'where the review CSV goes (default: stdout)')
    .option(
      '--model <name|path>',
      "x, instagram, general or a model file (default: by the followers' platform); use the same for `audit --labels`",
    )
    .option('--input-format <name>', 'skip detection and read the followers as this format')
    .option(
      '--observed-at <date>',
      'capture time for records whose export has none',
      parseTimeOption('--observed-at'),
    )
    .option('--strict', 'stop at the first rejected record (exit code 1)')
    .action(async (input: string, flags: ReviewFlags) => {
      if (flags.n < 1) throw new UsageError('--n: expected a whole number >= 1');
      const reader = await openAccountReader(input, {
        format: flags.inputFormat,
        observedAt: flags.observedAt,
      });
      let shown = 0;
      const review = await drawReview(reader, {
        detectorFor: (platform) => loadDetector(flags.model ?? modelNameForPlatform(platform)),
        size: flags.n,
        seed: flags.seed,
        onRejected(error) {
          if (flags.strict) throw new InputError(`${formatRecordError(error)} (--strict)`);
          if (shown++ < SHOWN_REJECTED) say(`rejected ${formatRecordError(error)}`);
        },
      });
      const output: Writable = flags.out ? await openOutputFile(flags.out, '--out') : process.stdout;
      output.write(stringify([REVIEW_COLUMNS, ...review.drawn.map(reviewRow)]));
      if (flags.out) {
        output.end();
        await once(output, 'finish');
      }
      const bands = review.population
        .map((size, h) =>
          size === 0 ? undefined : `${describeStratum(h)}: ${review.allocated[h]} of ${formatCount(size)}`,
        )
        .filter((band) => band !== undefined);
      say(
        `drew ${review.drawn.length} of ${countOf(review.read - review.rejected - review.duplicates, 'follower')}${review.duplicates > 0 ? ` (${countOf(review.duplicates, 'repeated record')} counted once)` : ''} (${review.model} model, seed ${flags.seed}), by p(fake) band: ${bands.join('; ')}`,
      );
      say(
        `write fake, real or unsure in the label column${flags.out ? ` of ${flags.out}` : ''}, then: realreach audit ${input} --labels ${flags.out ?? '<review.csv>'}`,
      );
    });
}
