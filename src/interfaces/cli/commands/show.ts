// `realreach show <id>`: one saved audit, as the terminal summary, the report JSON or the HTML page.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { FollowerResult } from '../../../audit/report-schema.ts';
import { InputError } from '../../../core/errors.ts';
import type { Store } from '../../../store/store.ts';
import { loadFollowOrderView } from '../../follow-order-view.ts';
import { renderFollowOrderCard } from '../../report/html/follow-order-svg.ts';
import { renderHtmlReport, renderTextReport } from '../../report/index.ts';
import { EXIT_OK, UsageError } from '../exit.ts';
import { parseCountOption } from '../options.ts';
import { parseStoredId, type StoreFlags, useStore, withStoreOption } from '../store-option.ts';

const SHOW_FORMATS = ['text', 'json', 'html'] as const;
type ShowFormat = (typeof SHOW_FORMATS)[number];

/** Followers fetched per page while collecting the table. */
const PAGE = 1_000;

interface ShowFlags extends StoreFlags {
  format: string;
  out?: string;
  followers: number;
}

/** The audit's `count` most suspicious followers, highest p(fake) first. */
async function mostSuspicious(store: Store, auditId: number, count: number): Promise<FollowerResult[]> {
  const followers: FollowerResult[] = [];
  let cursor: string | undefined;
  while (followers.length < count) {
    const page = await store.pageFollowers(auditId, {
      sort: 'pFake desc',
      limit: Math.min(PAGE, count - followers.length),
      ...(cursor === undefined ? {} : { cursor }),
    });
    if (page === undefined) break;
    followers.push(...page.followers);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return followers;
}

export function registerShow(program: Command): void {
  withStoreOption(
    program
      .command('show')
      .description('print a saved audit (ids as `realreach audits` lists them)')
      .argument('<id>', 'the saved audit', parseStoredId('<id>'))
      .option('--format <format>', 'output: text, json (the report) or html', 'text')
      .option('--out <path>', 'write the output to this file instead of stdout')
      .option(
        '--followers <n>',
        'text and html: the most suspicious followers to list (the HTML table)',
        parseCountOption('--followers'),
        1_000,
      ),
  ).action(async (id: number, flags: ShowFlags) => {
    if (!(SHOW_FORMATS as readonly string[]).includes(flags.format))
      throw new UsageError(`--format: expected ${SHOW_FORMATS.join(', ')}, got "${flags.format}"`);
    const format = flags.format as ShowFormat;
    const output = await useStore(flags, async (store) => {
      const audit = await store.getAudit(id);
      if (audit === undefined)
        throw new InputError(`no saved audit with id ${id} (\`realreach audits\` lists them)`);
      if (format === 'json') return `${JSON.stringify(audit.report, null, 2)}\n`;
      const followers = await mostSuspicious(store, id, flags.followers);
      if (format === 'text') return renderTextReport(audit.report, followers);
      const picture = await loadFollowOrderView(store, audit);
      return renderHtmlReport(
        audit.report,
        followers,
        picture === undefined ? [] : [renderFollowOrderCard(picture)],
      );
    });
    if (flags.out) await writeFile(flags.out, output);
    else process.stdout.write(output);
    process.exitCode = EXIT_OK;
  });
}
