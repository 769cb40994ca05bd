// `realreach audits`: the saved audits, newest first, with their headline numbers.
import type { Command } from 'commander';
import { headlineSaysMayBeOff } from '../../../audit/point-may-be-off.ts';
import { PLATFORMS, type Platform } from '../../../core/account.ts';
import type { AuditSummary, ProfileFilter, ProfileRef } from '../../../store/store.ts';
import {
  formatCount,
  formatCountRange,
  formatCountRangeFirst,
  formatShare,
  formatShareRange,
  formatShareRangeFirst,
} from '../../report/words/report-numbers.ts';
import { EXIT_OK, UsageError } from '../exit.ts';
import { parseCountOption } from '../options.ts';
import { type StoreFlags, useStore, withStoreOption } from '../store-option.ts';
import { formatTableTime, renderTextTable } from '../text-table.ts';

interface AuditsFlags extends StoreFlags {
  json?: boolean;
  limit: number;
  offset: number;
  profile?: ProfileFilter;
}

/** `x:12345` (platform id) or `x:@handle`. */
export function parseProfileFilter(value: string): ProfileFilter {
  const colon = value.indexOf(':');
  const platform = value.slice(0, colon);
  const key = value.slice(colon + 1);
  if (colon < 0 || !(PLATFORMS as readonly string[]).includes(platform) || key === '' || key === '@')
    throw new UsageError(
      `--profile: expected <platform>:<id> or <platform>:@<handle> with a platform of ${PLATFORMS.join(', ')}, got "${value}"`,
    );
  return key.startsWith('@')
    ? { platform: platform as Platform, handle: key.slice(1) }
    : { platform: platform as Platform, id: key };
}

/** "x @handle", else "x 12345"; a handle-less, id-less profile is "x (unnamed)". */
export function profileLabel(profile: ProfileRef | null): string {
  if (profile === null) return '—';
  return `${profile.platform} ${profile.handle !== null ? `@${profile.handle}` : (profile.id ?? '(unnamed)')}`;
}

export function renderAuditList(audits: AuditSummary[]): string {
  return renderTextTable(
    [
      { title: 'id', align: 'right' },
      { title: 'saved' },
      { title: 'profile' },
      { title: 'model' },
      { title: 'followers read', align: 'right' },
      { title: 'real followers (95 % CI)', align: 'right' },
      { title: 'fake share (95 % CI)', align: 'right' },
      { title: 'quality', align: 'right' },
    ],
    audits.map((audit) => [
      String(audit.id),
      formatTableTime(audit.createdAt),
      profileLabel(audit.profile),
      audit.model,
      formatCount(audit.followersRead),
      ...(headlineSaysMayBeOff(audit.headline)
        ? [formatCountRangeFirst(audit.realFollowers), formatShareRangeFirst(audit.fakeShare)]
        : [
            `${formatCount(audit.realFollowers.estimate)} (${formatCountRange(audit.realFollowers.low, audit.realFollowers.high)})`,
            `${formatShare(audit.fakeShare.estimate)} (${formatShareRange(audit.fakeShare.low, audit.fakeShare.high)})`,
          ]),
      formatCount(audit.qualityScore),
    ]),
  );
}

export function registerAudits(program: Command): void {
  withStoreOption(
    program
      .command('audits')
      .description('list the saved audits, newest first (save one with `realreach audit … --save`)')
      .option(
        '--profile <platform:id>',
        'only the audits of one profile: x:12345 or x:@handle',
        parseProfileFilter,
      )
      .option('--limit <n>', 'show at most this many', parseCountOption('--limit'), 50)
      .option('--offset <n>', 'skip this many of the newest first', parseCountOption('--offset'), 0)
      .option('--json', 'print the audits as JSON'),
  ).action(async (flags: AuditsFlags) => {
    const audits = await useStore(flags, (store) =>
      store.listAudits({ limit: flags.limit, offset: flags.offset, profile: flags.profile }),
    );
    if (flags.json) process.stdout.write(`${JSON.stringify(audits, null, 2)}\n`);
    else if (audits.length === 0) process.stdout.write('no saved audits\n');
    else process.stdout.write(renderAuditList(audits));
    process.exitCode = EXIT_OK;
  });
}
