// `realreach history <platform:id>`: a stored profile's follower-count history and its events; `--import` adds a history CSV to it first.
import { basename } from 'node:path';
import type { Command } from 'commander';
import { PLATFORMS, type Platform } from '../../../core/account.ts';
import { formatRecordError, InputError } from '../../../core/errors.ts';
import { countOf } from '../../../core/plural.ts';
import { readHistoryCsv } from '../../../ingest/companion-files/history-csv.ts';
import type { Store } from '../../../store/store.ts';
import { repeatedLines } from '../../growth-input.ts';
import { historyOfSnapshots, noHistoryMessage } from '../../profile-history.ts';
import { UsageError } from '../exit.ts';
import { type StoreFlags, useStore, withStoreOption } from '../store-option.ts';

const HISTORY_FORMATS = ['text', 'json'] as const;
const SHOWN_REJECTED = 10;
/** Enough saved audits to say how many there are in a message. */
const SAVED_AUDITS_COUNTED = 1000;

interface HistoryFlags extends StoreFlags {
  import?: string;
  handle?: string;
  format: string;
}

const PROFILE_FORMS =
  '<platform>:<platform id> such as x:990000000001, <platform>:@handle such as x:@lumen_roasters, or as `watch` takes it: @user@instance, bsky:handle';

interface NamedProfile {
  platform: Platform;
  /** The platform id, when the text gives it. */
  id?: string;
  /** The handle, when the text gives it instead. */
  handle?: string;
}

/** What the command line names: a platform id, or a handle to find among the stored profiles. */
function parseProfile(value: string): NamedProfile {
  const mastodon = /^@([^@\s]+@[^@\s]+)$/.exec(value);
  if (mastodon) return { platform: 'mastodon', handle: mastodon[1] as string };
  if (value.startsWith('bsky:'))
    return { platform: 'bluesky', handle: value.slice('bsky:'.length).replace(/^@/, '') };
  const colon = value.indexOf(':');
  const platform = value.slice(0, colon) as Platform;
  const rest = value.slice(colon + 1);
  if (colon <= 0 || !PLATFORMS.includes(platform) || rest === '' || rest === '@')
    throw new UsageError(`<profile>: expected ${PROFILE_FORMS}, got "${value}"`);
  return rest.startsWith('@') ? { platform, handle: rest.slice(1) } : { platform, id: rest };
}

/**
 * The stored profile the text names: by platform id, else by handle (`x:lumen_roasters` is tried as both). A handle
 * no stored profile has is an error, since snapshots are kept under the platform id.
 */
async function resolveProfile(
  store: Store,
  text: string,
  named: NamedProfile,
): Promise<{ platform: Platform; id: string; handle: string | null }> {
  const profiles = (await store.listProfiles()).filter((p) => p.platform === named.platform);
  if (named.id !== undefined) {
    const byId = profiles.find((p) => p.id === named.id);
    if (byId !== undefined) return { platform: named.platform, id: named.id, handle: byId.handle };
    const byHandle = profiles.find(
      (p) => p.id !== null && p.handle?.toLowerCase() === named.id?.toLowerCase(),
    );
    if (byHandle?.id != null) return { platform: named.platform, id: byHandle.id, handle: byHandle.handle };
    return { platform: named.platform, id: named.id, handle: null };
  }
  const handle = named.handle?.toLowerCase();
  const found = profiles.find((p) => p.id !== null && p.handle?.toLowerCase() === handle);
  if (found?.id != null) return { platform: named.platform, id: found.id, handle: found.handle };
  throw new InputError(
    `no stored profile ${text} with a platform id: a history is kept under the platform id (\`realreach audits\` lists the stored profiles; \`realreach watch ${text.startsWith('bsky:') || text.startsWith('@') ? text : `<@user@instance | bsky:handle | x:handle>`}\` records one)`,
  );
}

const count = new Intl.NumberFormat('en-US');

export function registerHistory(program: Command): void {
  withStoreOption(
    program
      .command('history')
      .description(
        "a stored profile's follower-count history and its spikes, drops and regime changes; --import adds a history CSV",
      )
      .argument(
        '<profile>',
        '<platform>:<platform id> such as x:990000000001 (as `audits` and the API name profiles), <platform>:@handle, or @user@instance / bsky:handle as `watch` takes them',
      )
      .option(
        '--import <file>',
        'add the rows of a history CSV (date,followers[,following,posts]) as snapshots',
      )
      .option('--handle <handle>', 'with --import: the handle, for a profile the store does not know yet')
      .option('--format <format>', `output: ${HISTORY_FORMATS.join(' or ')}`, 'text'),
  ).action(async (profileText: string, flags: HistoryFlags) => {
    if (!(HISTORY_FORMATS as readonly string[]).includes(flags.format))
      throw new UsageError(`--format: expected ${HISTORY_FORMATS.join(', ')}, got "${flags.format}"`);
    const named = parseProfile(profileText);
    const output = await useStore(flags, async (store) => {
      const { platform, id, handle: storedHandle } = await resolveProfile(store, profileText, named);
      if (flags.import !== undefined) {
        const history = await readHistoryCsv(flags.import);
        for (const error of history.rejected.slice(0, SHOWN_REJECTED))
          process.stderr.write(`realreach: rejected ${formatRecordError(error)}\n`);
        if (history.rejected.length > SHOWN_REJECTED)
          process.stderr.write(
            `realreach: … ${countOf(history.rejected.length - SHOWN_REJECTED, 'more row')} rejected\n`,
          );
        const handle = flags.handle?.replace(/^@/, '') ?? storedHandle ?? undefined;
        for (const row of history.rows)
          await store.addSnapshot({
            platform,
            profileId: id,
            ...(handle === undefined ? {} : { handle }),
            observedAt: row.at,
            followersCount: row.followers,
            ...(row.following === undefined ? {} : { followingCount: row.following }),
            ...(row.posts === undefined ? {} : { postsCount: row.posts }),
            source: `import:${basename(flags.import)}`,
          });
        process.stderr.write(
          `realreach: imported ${countOf(history.rows.length, 'row')} of ${flags.import} (${history.rejected.length} rejected, ${countOf(history.duplicateDates, 'repeated date')}: the later kept${history.duplicateDates > 0 ? `: ${repeatedLines(history.repeats)}` : ''})\n`,
        );
      }
      const snapshots = await store.listSnapshots(platform, id);
      if (snapshots.length === 0) {
        const audits = await store.listAudits({ profile: { platform, id }, limit: SAVED_AUDITS_COUNTED });
        throw new InputError(
          noHistoryMessage(profileText, audits.length, { platform, handle: storedHandle }),
        );
      }
      return historyOfSnapshots(snapshots, platform);
    });
    if (flags.format === 'json') {
      process.stdout.write(
        `${JSON.stringify({ snapshots: output.snapshots, series: output.analysis?.series.days ?? [], events: output.analysis?.events ?? [] }, null, 2)}\n`,
      );
      return;
    }
    const lines = [`${countOf(output.snapshots.length, 'snapshot')} of ${profileText}`];
    for (const event of output.analysis?.events ?? []) {
      const when = event.endDate === undefined ? event.date : `${event.date}..${event.endDate}`;
      const size = `${event.size >= 0 ? '+' : '−'}${count.format(Math.abs(event.size))}${event.kind === 'regime-change' ? ' a day' : ''}`;
      lines.push(
        `  ${when}  ${event.kind.padEnd(13)} ${size}${event.inGap ? '  between two snapshots: the date is known only to that window' : ''}${event.purge === undefined ? '' : `  known purge: ${event.purge}`}`,
      );
    }
    if ((output.analysis?.events.length ?? 0) === 0) lines.push('  no spike, drop or regime change found');
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
