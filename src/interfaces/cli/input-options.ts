// The options every command that reads followers shares: --columns (read any CSV through a column map) and --platform (for exports that do not say).
import type { Command } from 'commander';
import { PLATFORMS, type Platform } from '../../core/account.ts';
import { InputError } from '../../core/errors.ts';
import { type ColumnMap, parseColumnMap } from '../../ingest/formats/column-map.ts';
import type { ReadOptions } from '../../ingest/read.ts';
import { UsageError } from './exit.ts';

export interface InputFlags {
  columns?: ColumnMap;
  platform?: Platform;
}

function parseColumns(value: string): ColumnMap {
  try {
    return parseColumnMap(value);
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
}

function parsePlatform(value: string): Platform {
  if ((PLATFORMS as readonly string[]).includes(value)) return value as Platform;
  throw new UsageError(`--platform: expected one of ${PLATFORMS.join(', ')}, got "${value}"`);
}

/** --columns alone, for a command whose --platform means something else (hydrate). */
export function addColumnsOption(command: Command): Command {
  return command.option(
    '--columns <map>',
    'read a CSV through a column map: field=column pairs, e.g. handle=username,followersCount=followers (README, "Any CSV")',
    parseColumns,
  );
}

export function addInputOptions(command: Command): Command {
  return addColumnsOption(command).option(
    '--platform <name>',
    `the followers' platform when the export does not say (a plain CSV): ${PLATFORMS.join(', ')}`,
    parsePlatform,
  );
}

/** The reader options from these flags; `formatOption` is how this command names the input format. */
export function inputReadOptions(flags: InputFlags, formatOption: string): ReadOptions {
  return { columns: flags.columns, platform: flags.platform, formatOption };
}
