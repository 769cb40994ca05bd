// `realreach audit <followers>`: the audience report of a profile — real followers, post-purge count, types, reachability, score and flags — as text, JSON, CSV or HTML.

import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { DEFAULT_SEED, type ReasonsMode } from '../../../audit/audit-followers.ts';
import { type AudienceThresholds, auditReportSchema } from '../../../audit/report-schema.ts';
import {
  auditFileInThreads,
  defaultThreads,
  type ThreadedAuditOptions,
  threadBlocker,
} from '../../../audit/threads/audit-threads.ts';
import { readReviewLabels } from '../../../audit/verification/review-file.ts';
import { LabelledAudience } from '../../../audit/verification/verify-audit.ts';
import { fetchFilesFor, readFetchMeta } from '../../../connectors/fetch/fetch-files.ts';
import { looksLikeProfileRef } from '../../../connectors/profile-ref.ts';
import type { Account, Platform } from '../../../core/account.ts';
import { formatRecordError, InputError, type RecordError } from '../../../core/errors.ts';
import { postInteractions, readPosts } from '../../../ingest/companion-files/posts.ts';
import { openAccountReader } from '../../../ingest/read.ts';
import { withSourceTimeOnly } from '../../../ingest/source/source-time.ts';
import { submitQueuedAudit } from '../../../jobs/audit/submit-queued-audit.ts';
import { loadDetector, modelNameForPlatform } from '../../../model/detector.ts';
import { type KindDetectors, kindDetectorsOf } from '../../../model/kind-models.ts';
import { locateStore } from '../../../store/dialects/open-store.ts';
import type { FollowOrderRow } from '../../../store/store.ts';
import { followOrderRow, followOrderView } from '../../follow-order-view.ts';
import { FollowerSpool, saveSpooledAudit } from '../../follower-spool.ts';
import { renderFollowOrderCard } from '../../report/html/follow-order-svg.ts';
import {
  FOLLOWER_CSV_HEADER,
  followerCsvRow,
  renderHtmlReport,
  renderTextReport,
} from '../../report/index.ts';
import { UsageError } from '../exit.ts';
import { addInputOptions, type InputFlags, inputReadOptions } from '../input-options.ts';
import { parseCountOption, parseTimeOption } from '../options.ts';
import { openOutputFile } from '../output-file.ts';
import { useStore, withStoreOption } from '../store-option.ts';
import { addFetchOptions, type FetchFlags, runFetch } from './fetch.ts';

const OUTPUT_FORMATS = ['text', 'json', 'csv', 'html'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];
const REASONS_MODES = ['top', 'suspicious', 'all'] as const;
/** Rejected records printed one by one before only their count is kept. */
const SHOWN_REJECTED = 20;

interface AuditFlags {
  profile?: string;
  posts?: string;
  sample?: number;
  seed: number;
  model?: string;
  format: string;
  out?: string;
  recentIntake?: boolean;
  massFollowing?: number;
  influencerFollowers?: number;
  inactiveDays?: number;
  suspicious?: number;
  inputFormat?: string;
  observedAt?: Date;
  strict?: boolean;
  reasons: string;
  save?: boolean;
  queue?: boolean;
  db?: string;
  fetchOut?: string;
  labels?: string;
  threads?: number;
}

/**
 * Where the followers come from: a file as given; a profile (`@user@instance`, `bsky:handle`, `x:handle`) fetched
 * first; and, for a file `realreach fetch` wrote, its profile and its newest-first order from the meta file.
 */
async function resolveFollowers(
  input: string,
  flags: AuditFlags & FetchFlags,
): Promise<{ followers: string; profile?: string; recentIntake: boolean }> {
  if (input !== '-' && !existsSync(input) && looksLikeProfileRef(input)) {
    const { meta, files } = await runFetch(input, { ...flags, out: flags.fetchOut });
    if (meta.incompleteBecause === 'network-hidden')
      throw new InputError(
        `${input} hides who follows it: the server lists none of its ${meta.snapshot.followersCount} followers`,
      );
    return { followers: files.followers, profile: flags.profile ?? files.profile, recentIntake: true };
  }
  const meta = input === '-' ? undefined : await readFetchMeta(input);
  if (!meta) return { followers: input, profile: flags.profile, recentIntake: flags.recentIntake === true };
  warn(`${input} was written by realreach fetch: its profile and its newest-first order are used`);
  return { followers: input, profile: flags.profile ?? fetchFilesFor(input).profile, recentIntake: true };
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new UsageError(`--seed: expected a whole number from 0 to 4294967295, got "${value}"`);
  return seed;
}

function parseThreads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new UsageError(`--threads: expected a whole number from 1 to 256, got "${value}"`);
  return n;
}

function parseProbability(value: string): number {
  const p = Number(value);
  if (!(p > 0 && p < 1))
    throw new UsageError(`--suspicious: expected a p(fake) between 0 and 1, got "${value}"`);
  return p;
}

function warn(message: string): void {
  process.stderr.write(`realreach: ${message}\n`);
}

/** The first account of a profile file, in any format the readers know. */
async function readProfile(file: string, observedAt: Date | undefined): Promise<Account> {
  const reader = await openAccountReader(file, { observedAt });
  for await (const item of reader) {
    if (item.ok) return withSourceTimeOnly(item.account, reader, observedAt);
    warn(`profile: rejected ${formatRecordError(item.error)}`);
  }
  throw new InputError(`${file}: no readable profile in the file`);
}

/** Interactions of each post of a posts file; bad lines are warnings, or stop the run with --strict. */
async function readPostInteractions(file: string, strict: boolean): Promise<number[]> {
  const interactions: number[] = [];
  for await (const item of readPosts(file)) {
    if (item.ok) interactions.push(postInteractions(item.post));
    else if (strict) throw new InputError(`${formatRecordError(item.error)} (--strict)`);
    else warn(`posts: rejected ${formatRecordError(item.error)}`);
  }
  if (interactions.length === 0) warn(`${file}: no readable post, so no engagement rate`);
  return interactions;
}

function thresholdsOf(flags: AuditFlags): Partial<AudienceThresholds> {
  const thresholds: Partial<AudienceThresholds> = {};
  if (flags.suspicious !== undefined) thresholds.suspiciousPFake = flags.suspicious;
  if (flags.massFollowing !== undefined) thresholds.massFollowing = flags.massFollowing;
  if (flags.influencerFollowers !== undefined) thresholds.influencerFollowers = flags.influencerFollowers;
  if (flags.inactiveDays !== undefined) {
    if (flags.inactiveDays < 1) throw new UsageError('--inactive-days: expected a whole number >= 1');
    thresholds.inactiveDays = flags.inactiveDays;
  }
  return thresholds;
}

/** A progress bar of followers read on stderr, only when stderr is a terminal. */
function progressBar(expected: number | undefined) {
  if (!process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
      format:
        expected === undefined
          ? 'reading {value} followers | {rate}/s | {duration_formatted}'
          : '{bar} {percentage}% | {value} of ~{total} followers | {rate}/s | ETA {eta_formatted}',
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let stopped = false;
  bar.start(expected ?? 0, 0, { rate: 0 });
  return {
    update(read: number) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      bar.update(read, { rate: Math.round(read / seconds) });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

/** The labels of a review file; rows that cannot be read are warnings (the first few shown), the rest are used. */
async function readLabelsOption(file: string): Promise<LabelledAudience> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`--labels ${file}: cannot read: ${(error as NodeJS.ErrnoException).code}`);
  }
  const labels = readReviewLabels(text, file);
  for (const problem of labels.problems.slice(0, SHOWN_REJECTED)) warn(`labels: ${problem}`);
  if (labels.problems.length > SHOWN_REJECTED)
    warn(
      `labels: ${labels.problems.length} rows could not be read in all (the first ${SHOWN_REJECTED} shown)`,
    );
  if (labels.rows.length === 0)
    throw new InputError(
      `--labels ${file}: no follower is labelled yet (write fake, real or unsure in the label column of the file \`realreach review\` wrote)`,
    );
  return new LabelledAudience(labels);
}

async function write(output: Writable, text: string): Promise<void> {
  if (!output.write(text)) await once(output, 'drain');
}

export function registerAudit(program: Command): void {
  const command = program
    .command('audit')
    .description(
      "audit a profile's followers: real followers and the count after a purge with 95 % intervals, audience types, reachability, quality score and red flags",
    )
    .argument(
      '<followers>',
      'the follower list (a path, a .gz path, or - for stdin), or a profile to fetch first: @user@instance, bsky:handle, x:handle',
    )
    .option(
      '--profile <file>',
      'the audited profile (any account format; the first record): its follower count is what counts are projected against',
    )
    .option(
      '--posts <file>',
      "the profile's recent posts, JSONL: id, createdAt, likes, replies, reposts[, quotes]",
    )
    .option(
      '--sample <n>',
      'score a seeded uniform random sample of n followers',
      parseCountOption('--sample'),
    )
    .option(
      '--seed <n>',
      'seed of the sample and the bootstrap (same seed, same report)',
      parseSeed,
      DEFAULT_SEED,
    )
    .option(
      '--model <name|path>',
      "x, instagram, general or a model file (default: by the followers' platform)",
    )
    .option('--format <format>', 'output: text, json, csv (one row per follower) or html', 'text')
    .option('--out <path>', 'write the output to this file instead of stdout')
    .option(
      '--recent-intake',
      'the list is newest first (API order): compare newer and older followers; a partial list describes recent intake',
    )
    .option(
      '--mass-following <n>',
      'a mass follower follows more than n accounts (default 1500)',
      parseCountOption('--mass-following'),
    )
    .option(
      '--influencer-followers <n>',
      'an influencer has more than n followers (default 5000)',
      parseCountOption('--influencer-followers'),
    )
    .option(
      '--inactive-days <n>',
      'inactive: no post for more than n days (default 180)',
      parseCountOption('--inactive-days'),
    )
    .option(
      '--suspicious <p>',
      "suspicious: p(fake) at or above p (default: the model's threshold)",
      parseProbability,
    )
    .option(
      '--reasons <which>',
      'csv: which followers get reasons as they stream — top (none; the report lists the most suspicious with theirs), suspicious, or all (TreeSHAP, about 0.3 ms a follower: minutes on millions)',
      'top',
    )
    .option('--input-format <name>', 'skip detection and read the followers as this format')
    .option(
      '--observed-at <date>',
      'capture time for records whose export has none',
      parseTimeOption('--observed-at'),
    )
    .option('--strict', 'stop at the first rejected record (exit code 1)')
    .option(
      '--threads <n>',
      `threads to read and score on (default: the cores available, ${defaultThreads()} here). A plain JSONL or CSV file is split into byte ranges, one a thread (at least 4 MiB each: a smaller file uses fewer threads), and the parts merge into the report one thread gives, byte for byte (a CSV cut inside a quoted field is read again on one thread, with a warning); gzip, --columns, JSON arrays, stdin, a label file, --recent-intake and per-follower output (csv, html, --save, --labels) are read on one thread`,
      parseThreads,
    )
    .option(
      '--labels <file>',
      'a review file from `realreach review` with its label column filled in (fake, real, unsure): the fake share is re-estimated from the labels and every score (prediction-powered inference)',
    )
    .option(
      '--queue',
      'submit the audit as a job instead of running it here: `realreach serve` (SQLite) or `realreach worker` processes (PostgreSQL) work it; prints the job id',
    )
    .option(
      '--save',
      "keep the audit and every follower row in the store (see --db), and the profile's follower count in its history",
    );
  addFetchOptions(command).option(
    '--fetch-out <file>',
    'when <followers> is a profile: where its fetched followers go (default: <platform>-<handle>.jsonl)',
  );
  addInputOptions(command);
  withStoreOption(command).action(async (input: string, flags: AuditFlags & FetchFlags & InputFlags) => {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(flags.format))
      throw new UsageError(`--format: expected ${OUTPUT_FORMATS.join(', ')}, got "${flags.format}"`);
    if (!(REASONS_MODES as readonly string[]).includes(flags.reasons))
      throw new UsageError(`--reasons: expected ${REASONS_MODES.join(', ')}, got "${flags.reasons}"`);
    if (flags.sample === 0) throw new UsageError('--sample: expected a whole number >= 1');
    if (flags.labels !== undefined && flags.sample !== undefined)
      throw new UsageError(
        '--labels with --sample: the labels are combined with the score of every follower, so audit the whole list',
      );
    const labelled = flags.labels === undefined ? undefined : await readLabelsOption(flags.labels);
    const format = flags.format as OutputFormat;
    const thresholds = thresholdsOf(flags);

    const resolved = await resolveFollowers(input, flags);
    const file = resolved.followers;
    const profile = resolved.profile ? await readProfile(resolved.profile, flags.observedAt) : undefined;
    const interactions = flags.posts
      ? await readPostInteractions(flags.posts, flags.strict === true)
      : undefined;
    const reader = await openAccountReader(file, {
      ...inputReadOptions(flags, '--input-format'),
      format: flags.inputFormat,
      observedAt: flags.observedAt,
    });
    if (flags.queue) {
      if (labelled || flags.out || flags.strict)
        throw new UsageError(
          '--queue: --labels, --out and --strict need the audit to run here; leave them out',
        );
      const jobId = await useStore(flags, (store) =>
        submitQueuedAudit(store, locateStore({ db: flags.db }), reader, {
          ...(flags.model === undefined ? {} : { model: flags.model }),
          ...(profile === undefined ? {} : { profile }),
          ...(interactions === undefined ? {} : { postInteractions: [...interactions] }),
          thresholds,
          ...(flags.sample === undefined ? {} : { sampleSize: flags.sample }),
          ...(flags.seed === undefined ? {} : { seed: flags.seed }),
          recentIntake: resolved.recentIntake,
          reasons: flags.reasons as ReasonsMode,
        }),
      );
      process.stdout.write(`${jobId}\n`);
      warn(
        `queued as audit job ${jobId}: follow it at /jobs/${jobId} on the dashboard or GET /api/v1/jobs/${jobId}`,
      );
      return;
    }
    const output: Writable = flags.out ? await openOutputFile(flags.out, '--out') : process.stdout;
    const bar = progressBar(profile?.followersCount);
    let shownRejected = 0;
    let csvRows: string[] = [];
    const spool = flags.save ? await FollowerSpool.create() : undefined;
    const followOrder: FollowOrderRow[] = [];
    if (format === 'csv') await write(output, stringify([FOLLOWER_CSV_HEADER]));
    try {
      let kinds: KindDetectors | undefined;
      const modelFor = (platform: Platform) => flags.model ?? modelNameForPlatform(platform);
      const options: ThreadedAuditOptions = {
        threads: flags.threads ?? defaultThreads(),
        kinds: true,
        read: { platform: flags.platform },
        rejectedShown: SHOWN_REJECTED,
        async detectorFor(platform) {
          const detector = await loadDetector(modelFor(platform));
          kinds = kindDetectorsOf(detector);
          return detector;
        },
        kindsFor: () => kinds,
        profile,
        postInteractions: interactions,
        thresholds,
        sampleSize: flags.sample,
        seed: flags.seed,
        recentIntake: resolved.recentIntake,
        reasons: flags.reasons as ReasonsMode,
        onFollower:
          format === 'csv' || format === 'html' || spool || labelled
            ? (result) => {
                if (format === 'csv') csvRows.push(stringify([followerCsvRow(result)]));
                if (format === 'html') followOrder.push(followOrderRow(result, followOrder.length));
                spool?.add(result);
                labelled?.add(result.id, result.pFake);
              }
            : undefined,
        onRejected(error: RecordError) {
          if (flags.strict) throw new InputError(`${formatRecordError(error)} (--strict)`);
          if (shownRejected++ < SHOWN_REJECTED) warn(`rejected ${formatRecordError(error)}`);
        },
        async afterBatch(read) {
          bar?.update(read);
          await spool?.flush();
          if (csvRows.length === 0) return;
          const rows = csvRows.join('');
          csvRows = [];
          await write(output, rows);
        },
      };
      const oneThreadBecause = threadBlocker(reader, options);
      if (flags.threads !== undefined && flags.threads > 1 && oneThreadBecause)
        warn(`--threads ${flags.threads}: read on one thread, as ${oneThreadBecause}`);
      const audited = await auditFileInThreads(reader, options);
      const { followers, warnings } = audited;
      const report = labelled ? labelled.verify(audited.report) : audited.report;
      if (csvRows.length > 0) await write(output, csvRows.join(''));
      bar?.stop();
      for (const warning of warnings) warn(warning);
      if (report.input.rejected > SHOWN_REJECTED)
        warn(`${report.input.rejected} records rejected in all (the first ${SHOWN_REJECTED} shown)`);
      if (format === 'json') {
        const checked = auditReportSchema.safeParse(report);
        if (!checked.success)
          throw new Error(
            `the report does not fit its schema: ${checked.error.issues[0]?.path.join('.')}: ${checked.error.issues[0]?.message}`,
          );
        await write(output, `${JSON.stringify(checked.data, null, 2)}\n`);
      } else if (format === 'text') await write(output, renderTextReport(report, followers));
      else if (format === 'html') {
        // The follow-order picture, when the followers give their creation dates (the growth stage's batches in it).
        const picture = followOrderView(followOrder, resolved.recentIntake ? true : undefined);
        await write(
          output,
          renderHtmlReport(report, followers, picture ? [renderFollowOrderCard(picture)] : []),
        );
      } else warn(report.headline);
      if (spool) {
        const id = await useStore(flags, (store) =>
          saveSpooledAudit(store, report, spool, followers, profile),
        );
        warn(`saved as audit ${id} (realreach show ${id})`);
      }
    } finally {
      spool?.remove();
      bar?.stop();
      if (flags.out) {
        output.end();
        await once(output, 'finish');
      }
    }
  });
}
