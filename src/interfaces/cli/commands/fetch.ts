// `realreach fetch <profile>`: writes a profile and its followers from Mastodon, Bluesky or X as realreach JSONL, resumable, with a progress bar.
import { createInterface } from 'node:readline/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { connectFollowerSource, MissingCredentialError } from '../../../connectors/connect.ts';
import type { FetchMeta } from '../../../connectors/fetch/fetch-files.ts';
import {
  type FetchPlan,
  type FetchProgress,
  type FetchResult,
  fetchFollowers,
} from '../../../connectors/fetch/fetch-followers.ts';
import {
  formatProfileRef,
  type ProfileRef,
  ProfileSyntaxError,
  parseProfileRef,
} from '../../../connectors/profile-ref.ts';
import { DEFAULT_RETRY_POLICY } from '../../../connectors/requests/api-client.ts';
import type { RateLimit } from '../../../connectors/requests/rate-limiter.ts';
import { estimateXReadCost, X_PRICE_PER_FOLLOWER_USD } from '../../../connectors/x/x-read-cost.ts';
import { formatRecordError, InputError } from '../../../core/errors.ts';
import { countOf } from '../../../core/plural.ts';
import { submitQueuedFetch } from '../../../jobs/fetch/submit-queued-fetch.ts';
import { locateStore } from '../../../store/dialects/open-store.ts';
import { EXIT_INPUT, EXIT_OK, UsageError } from '../exit.ts';
import { parseCountOption } from '../options.ts';
import { type StoreFlags, useStore, withStoreOption } from '../store-option.ts';

/** The options `fetch` takes; `audit <profile>` takes the same ones and hands them to `runFetch`. */
export interface FetchFlags {
  out?: string;
  max?: number;
  resume?: boolean;
  baseUrl?: string;
  rateLimit?: RateLimit;
  timeout: number;
  retries: number;
  yes?: boolean;
  pricePerFollower: number;
}

const count = new Intl.NumberFormat('en-US');
const usd = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function parsePositive(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(Number.isFinite(n) && n > 0))
      throw new UsageError(`${name}: expected a number > 0, got "${value}"`);
    return n;
  };
}

export function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--base-url: expected an http(s) address, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--base-url: expected an http(s) address, got "${value}"`);
  }
  return url.href;
}

/** `300/300` is 300 requests per 300 seconds. */
function parseRateLimit(value: string): RateLimit {
  const match = /^(\d+)\/(\d+(\.\d+)?)$/.exec(value.trim());
  const requests = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (!match || !(requests >= 1) || !(seconds > 0)) {
    throw new UsageError(`--rate-limit: expected <requests>/<seconds> such as 300/300, got "${value}"`);
  }
  return { requests, windowMs: seconds * 1000 };
}

/** Adds the options of a live fetch to a command: `fetch`, and `audit` when it is given a profile. */
export function addFetchOptions(command: Command): Command {
  return command
    .option('--max <n>', 'stop after the newest N followers', parsePositive('--max'))
    .option('--resume', 'continue the interrupted fetch into --out from its checkpoint')
    .option(
      '--base-url <url>',
      "the API's address (default: the home instance, https://public.api.bsky.app, https://api.x.com)",
      parseBaseUrl,
    )
    .option(
      '--rate-limit <requests/seconds>',
      'request budget (default: the published one: Mastodon 300/300, Bluesky 3000/300, X followers 15/900); the server headers can only lower it',
      parseRateLimit,
    )
    .option(
      '--timeout <seconds>',
      'time limit of one request',
      parsePositive('--timeout'),
      DEFAULT_RETRY_POLICY.timeoutMs / 1000,
    )
    .option(
      '--retries <n>',
      'retries of a request after a 5xx, a timeout or a network error',
      parseCountOption('--retries'),
      DEFAULT_RETRY_POLICY.retries,
    )
    .option('--yes', 'X: accept the cost estimate without asking')
    .option(
      '--price-per-follower <usd>',
      'X: USD per follower read, for the estimate (pay-per-use price as of 2026)',
      parsePositive('--price-per-follower'),
      X_PRICE_PER_FOLLOWER_USD,
    );
}

/** `followers-mastodon-alice@mastodon.social.jsonl`: the default --out. */
export function defaultFetchOut(ref: ProfileRef): string {
  const name = formatProfileRef(ref)
    .replace(/^@/, '')
    .replace(/^(bsky|x):/, '');
  return `followers-${ref.platform}-${name.replace(/[^\w.@-]/g, '_')}.jsonl`;
}

function clearLine(): string {
  return process.stderr.isTTY ? '\r\x1b[K' : '';
}

function note(message: string): void {
  process.stderr.write(`${clearLine()}realreach: ${message}\n`);
}

function formatEta(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}

/** Followers fetched of the expected count, the rate, and the time left at the rate limit; on stderr, only on a terminal. */
function progressBar() {
  if (!process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
      format: '{bar} {value}/{total} followers | {rate}/s | {timeLeft} left at the rate limit',
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let running = false;
  return {
    update(progress: FetchProgress) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      const payload = {
        rate: Math.round(progress.fetched / seconds),
        timeLeft: progress.etaMs === undefined ? '?' : formatEta(progress.etaMs),
      };
      const total = progress.target ?? progress.fetched;
      if (!running) {
        bar.start(total, progress.fetched, payload);
        running = true;
      } else {
        bar.setTotal(total);
        bar.update(progress.fetched, payload);
      }
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

/** X bills each follower read: show the estimate, then go on with --yes or a "y" typed at a terminal; refuse otherwise. */
async function approveXCost(plan: FetchPlan, flags: FetchFlags): Promise<void> {
  const cost = estimateXReadCost(plan.followersToRead, flags.pricePerFollower);
  const resumed = plan.resumed ? ` (${count.format(plan.alreadyFetched)} already fetched)` : '';
  process.stderr.write(
    `X bills each follower read to your account: ${count.format(cost.followers)} followers${resumed} × ` +
      `USD ${flags.pricePerFollower} = about USD ${usd.format(cost.usd)} ` +
      `(pay-per-use price as of 2026; --price-per-follower sets it).\n`,
  );
  if (flags.yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new UsageError('not asking for the X cost on a non-terminal: add --yes to accept it');
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`Fetch them for about USD ${usd.format(cost.usd)}? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new FetchCancelledError();
  } finally {
    prompt.close();
  }
}

/** The user said no to the cost. */
export class FetchCancelledError extends InputError {
  constructor() {
    super('cancelled: no follower was fetched');
    this.name = 'FetchCancelledError';
  }
}

/**
 * Fetches `profileText` into `flags.out` (or the default file) with progress and retry notes on stderr.
 * Throws UsageError for a misused command, InputError when the fetch fails; the result's meta tells whether the
 * network was hidden or the fetch stopped at --max.
 */
export async function runFetch(profileText: string, flags: FetchFlags): Promise<FetchResult> {
  let ref: ProfileRef;
  try {
    ref = parseProfileRef(profileText);
  } catch (error) {
    if (error instanceof ProfileSyntaxError) throw new UsageError(error.message);
    throw error;
  }
  const bar = progressBar();
  let source: ReturnType<typeof connectFollowerSource>;
  try {
    source = connectFollowerSource(ref, {
      baseUrl: flags.baseUrl,
      rateLimit: flags.rateLimit,
      retry: { ...DEFAULT_RETRY_POLICY, retries: flags.retries, timeoutMs: flags.timeout * 1000 },
      onRetry: note,
      xBearerToken: process.env.X_BEARER_TOKEN,
    });
  } catch (error) {
    if (error instanceof MissingCredentialError) throw new UsageError(error.message);
    throw error;
  }
  try {
    return await fetchFollowers({
      source,
      profileRef: formatProfileRef(ref),
      out: flags.out ?? defaultFetchOut(ref),
      max: flags.max,
      resume: flags.resume === true,
      approve: ref.platform === 'x' ? (plan) => approveXCost(plan, flags) : undefined,
      onProgress: (progress) => bar?.update(progress),
      onRejected: (error) => note(`rejected ${formatRecordError(error)}`),
    });
  } finally {
    bar?.stop();
  }
}

function describeFetch(profileText: string, meta: FetchMeta, files: FetchResult['files']): string {
  const lines: string[] = [];
  const { snapshot } = meta;
  const of = `of ${profileText} (the profile shows ${count.format(snapshot.followersCount)})`;
  if (meta.complete) lines.push(`fetched all ${countOf(meta.followersFetched, 'follower')} ${of}`);
  else
    lines.push(`fetched the newest ${count.format(meta.followersFetched)} followers ${of}, stopped by --max`);
  if (!meta.complete) {
    lines.push('  the platform lists newest followers first: this is recent intake, not a uniform sample');
  }
  if (meta.followersWithheld > 0) {
    lines.push(
      `  ${count.format(meta.followersWithheld)} more ask not to be shown to logged-out viewers (!no-unauthenticated): counted, not stored`,
    );
  }
  if (meta.followersRejected > 0)
    lines.push(`  ${count.format(meta.followersRejected)} listed accounts could not be read`);
  lines.push(`followers  ${files.followers}`);
  lines.push(`profile    ${files.profile}`);
  lines.push(`meta       ${files.meta} (order, completeness, follower-count snapshot)`);
  lines.push(`audit it:  realreach audit ${files.followers} --profile ${files.profile} --recent-intake`);
  return `${lines.join('\n')}\n`;
}

interface FetchCommandFlags extends FetchFlags, StoreFlags {
  json?: boolean;
  save?: boolean;
  queue?: boolean;
  thenAudit?: boolean;
}

/** `fetch --queue`: the fetch as a job for the workers; prints its id. */
async function queueFetch(profileText: string, flags: FetchCommandFlags): Promise<void> {
  if (flags.out || flags.resume || flags.save)
    throw new UsageError(
      '--queue: the followers stay in the store (GET /api/v1/fetches/<id>/followers); --out, --resume and --save are for a fetch run here',
    );
  let ref: ProfileRef;
  try {
    ref = parseProfileRef(profileText);
  } catch (error) {
    if (error instanceof ProfileSyntaxError) throw new UsageError(error.message);
    throw error;
  }
  if (ref.platform === 'x' && !flags.yes)
    throw new UsageError(
      "--queue with X: X bills each follower read to the workers' token and a queued fetch cannot ask; add --yes to accept the cost",
    );
  const jobId = await useStore(flags, (store) =>
    submitQueuedFetch(store, locateStore({ db: flags.db }), {
      owner: 'cli',
      profile: formatProfileRef(ref),
      ...(flags.baseUrl === undefined ? {} : { baseUrl: flags.baseUrl }),
      ...(flags.max === undefined ? {} : { max: flags.max }),
      ...(flags.rateLimit === undefined ? {} : { rateLimit: flags.rateLimit }),
      ...(flags.thenAudit ? { audit: {} } : {}),
    }),
  );
  if (flags.json) process.stdout.write(`${JSON.stringify({ fetchJob: jobId })}\n`);
  else process.stdout.write(`${jobId}\n`);
  note(
    `queued as fetch job ${jobId}: follow it at /fetches/${jobId} on the dashboard or GET /api/v1/fetches/${jobId}`,
  );
}

export function registerFetch(program: Command): void {
  const command = program
    .command('fetch')
    .description(
      'write a profile and its followers from Mastodon, Bluesky or X as realreach JSONL (with <out>.profile.jsonl and <out>.meta.json), resumable after an interruption',
    )
    .argument(
      '<profile>',
      '@user@instance (Mastodon), bsky:handle or did:… (Bluesky), x:handle (X, needs X_BEARER_TOKEN)',
    )
    .option('--out <file>', 'the followers file (default: followers-<platform>-<name>.jsonl)');
  withStoreOption(addFetchOptions(command))
    .option('--save', "record the profile's follower-count snapshot in the store, for its history")
    .option('--json', 'print the meta file as JSON')
    .option(
      '--queue',
      'submit the fetch as a job instead of running it here: `realreach worker` processes (PostgreSQL) or `realreach serve` (SQLite) fetch it, under one rate limit per platform and API key for all of them; prints the job id',
    )
    .option('--then-audit', 'with --queue: queue an audit of the followers once the fetch ends')
    .action(async (profileText: string, flags: FetchCommandFlags) => {
      if (flags.thenAudit && !flags.queue) throw new UsageError('--then-audit goes with --queue');
      if (flags.queue) return queueFetch(profileText, flags);
      const { meta, files } = await runFetch(profileText, flags);
      if (flags.save) await useStore(flags, (store) => store.addSnapshot(meta.snapshot));
      if (flags.json) process.stdout.write(`${JSON.stringify(meta, null, 2)}\n`);
      if (meta.incompleteBecause === 'network-hidden') {
        note(
          `${profileText} hides who follows it: the server lists none of its ${count.format(meta.snapshot.followersCount)} followers, so there is nothing to audit ` +
            `(the profile and its follower count are in ${files.profile} and ${files.meta})`,
        );
        process.exitCode = EXIT_INPUT;
        return;
      }
      if (!flags.json) process.stdout.write(describeFetch(profileText, meta, files));
      process.exitCode = EXIT_OK;
    });
}
