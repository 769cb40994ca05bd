// `realreach hydrate <file> --platform x|bluesky|mastodon --out FILE`: fills a thin export (ids or handles only) with whole profiles through the connectors, as realreach JSONL.
import { once } from 'node:events';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { MissingCredentialError } from '../../../connectors/connect.ts';
import { createHydrator, type HydratePlatform } from '../../../connectors/fetch/hydrate-accounts.ts';
import { DEFAULT_RETRY_POLICY } from '../../../connectors/requests/api-client.ts';
import { estimateXReadCost, X_PRICE_PER_FOLLOWER_USD } from '../../../connectors/x/x-read-cost.ts';
import type { Account } from '../../../core/account.ts';
import { formatRecordError, InputError } from '../../../core/errors.ts';
import { toRealreachRecord } from '../../../ingest/formats/realreach.ts';
import { openAccountReader } from '../../../ingest/read.ts';
import { EXIT_OK, UsageError } from '../exit.ts';
import { addColumnsOption, type InputFlags, inputReadOptions } from '../input-options.ts';
import { parseCountOption } from '../options.ts';
import { openOutputFile } from '../output-file.ts';
import { parseBaseUrl, parsePositive } from './fetch.ts';

const PLATFORMS: readonly HydratePlatform[] = ['x', 'bluesky', 'mastodon'];
const count = new Intl.NumberFormat('en-US');
const usd = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

interface HydrateFlags extends Omit<InputFlags, 'platform'> {
  platform: HydratePlatform;
  out: string;
  inputFormat?: string;
  baseUrl?: string;
  timeout: number;
  retries: number;
  yes?: boolean;
  pricePerFollower: number;
}

function note(message: string): void {
  process.stderr.write(`realreach: ${message}\n`);
}

/** X bills each user read: show the estimate, then go on with --yes or a "y" typed at a terminal. */
async function approveXCost(accounts: number, flags: HydrateFlags): Promise<void> {
  const cost = estimateXReadCost(accounts, flags.pricePerFollower);
  process.stderr.write(
    `X bills each user read to your account: ${count.format(cost.followers)} accounts × USD ${flags.pricePerFollower} = about USD ${usd.format(cost.usd)} (pay-per-use price as of 2026; --price-per-follower sets it).\n`,
  );
  if (flags.yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY)
    throw new UsageError('not asking for the X cost on a non-terminal: add --yes to accept it');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`Look them up for about USD ${usd.format(cost.usd)}? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new InputError('cancelled: no account was looked up');
  } finally {
    prompt.close();
  }
}

export function registerHydrate(program: Command): void {
  const command = program
    .command('hydrate')
    .description(
      'fill a thin export (ids or usernames only: X archive, a list of handles) with whole profiles from the platform, as realreach JSONL',
    )
    .argument('<file>', 'the thin export: a path, a folder of parts, a .gz path, or - for stdin')
    .requiredOption(
      '--platform <name>',
      `where to look the accounts up: ${PLATFORMS.join(', ')}`,
      (value) => {
        if (!(PLATFORMS as readonly string[]).includes(value))
          throw new UsageError(
            `--platform: expected ${PLATFORMS.join(', ')}, got "${value}"${value === 'instagram' ? ' (Instagram has no API realreach can use: export the profiles another way, e.g. a username,followers,following,posts CSV)' : ''}`,
          );
        return value as HydratePlatform;
      },
    )
    .requiredOption('--out <file>', 'where the profiles go (realreach JSONL)')
    .option('--input-format <name>', 'skip detection and read the input as this format')
    .option(
      '--base-url <url>',
      "the API's address (Mastodon: the instance that knows the accounts; default https://public.api.bsky.app, https://api.x.com)",
      parseBaseUrl,
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
      'X: USD per user read, for the estimate (pay-per-use price as of 2026)',
      parsePositive('--price-per-follower'),
      X_PRICE_PER_FOLLOWER_USD,
    );
  addColumnsOption(command);
  command.action(async (file: string, flags: HydrateFlags) => {
    const reader = await openAccountReader(file, {
      ...inputReadOptions(flags, '--input-format'),
      format: flags.inputFormat,
    });
    const thin: Account[] = [];
    let rejected = 0;
    for await (const item of reader) {
      if (item.ok) thin.push(item.account);
      else {
        rejected++;
        if (rejected <= 20) note(`rejected ${formatRecordError(item.error)}`);
      }
    }
    if (thin.length === 0) throw new InputError(`${file}: no account to look up (${rejected} rejected)`);
    let hydrator: ReturnType<typeof createHydrator>;
    try {
      hydrator = createHydrator(flags.platform, {
        baseUrl: flags.baseUrl,
        retry: { ...DEFAULT_RETRY_POLICY, retries: flags.retries, timeoutMs: flags.timeout * 1000 },
        onRetry: note,
        xBearerToken: process.env.X_BEARER_TOKEN,
      });
    } catch (error) {
      if (error instanceof MissingCredentialError) throw new UsageError(error.message);
      throw error;
    }
    if (flags.platform === 'x') await approveXCost(thin.length, flags);
    const output = await openOutputFile(flags.out, '--out');
    const signal = new AbortController().signal;
    let filled = 0;
    let missing = 0;
    try {
      for (let start = 0; start < thin.length; start += hydrator.perCall) {
        const answers = await hydrator.hydrate(thin.slice(start, start + hydrator.perCall), signal);
        const lines: string[] = [];
        for (const answer of answers) {
          if ('account' in answer) {
            filled++;
            lines.push(`${JSON.stringify(toRealreachRecord(answer.account))}\n`);
          } else {
            // kept as it was, so the file still lists every follower; the audit says what it cannot judge
            missing++;
            if (missing <= 20) note(answer.missing);
            lines.push(`${JSON.stringify(toRealreachRecord(answer.thin))}\n`);
          }
        }
        if (!output.write(lines.join(''))) await once(output, 'drain');
      }
    } finally {
      output.end();
      await once(output, 'close');
    }
    note(
      `${flags.out}: ${count.format(filled)} profiles filled, ${count.format(missing)} not found (written as they were), ${count.format(rejected)} rejected records of ${file}`,
    );
    process.exitCode = EXIT_OK;
  });
}
