// `realreach link create|list`: tracked links `/r/<slug>` per campaign and profile, sending people to a registered target only.
import type { Command } from 'commander';
import { InputError } from '../../../core/errors.ts';
import { checkTarget } from '../../../value/tracked-target.ts';
import { linkJson, profileLabel, profileRefText } from '../../report/campaign-json.ts';
import { EXIT_OK, UsageError } from '../exit.ts';
import { parseStoredId, type StoreFlags, useStore, withStoreOption } from '../store-option.ts';
import { renderTextTable } from '../text-table.ts';
import { parseProfileRef } from './campaign.ts';

export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:8080';

/** Where the server that answers `/r/<slug>` is reached: --base-url, REALREACH_PUBLIC_URL, or the local serve. */
function publicUrl(flag: string | undefined): string {
  const base = flag ?? process.env.REALREACH_PUBLIC_URL ?? DEFAULT_PUBLIC_URL;
  if (!/^https?:\/\/[^/]+/.test(base))
    throw new UsageError(`--base-url / REALREACH_PUBLIC_URL: expected http(s)://host[:port], got "${base}"`);
  return base.replace(/\/+$/, '');
}

interface LinkFlags extends StoreFlags {
  baseUrl?: string;
  json?: boolean;
}

export function registerLink(program: Command): void {
  const link = program.command('link').description('tracked links: /r/<slug> per campaign and profile');

  withStoreOption(
    link
      .command('create')
      .description('make a tracked link and print its slug and short url')
      .requiredOption('--campaign <id>', 'the campaign it belongs to', parseStoredId('--campaign'))
      .requiredOption('--profile <ref>', 'the profile that shares it: x:@handle or x:12345')
      .requiredOption('--to <url>', 'where it sends people: an absolute https:// (or http://) URL')
      .option(
        '--base-url <url>',
        `the server's public address (default REALREACH_PUBLIC_URL or ${DEFAULT_PUBLIC_URL})`,
      )
      .option('--json', 'print the link as JSON'),
  ).action(async (flags: LinkFlags & { campaign: number; profile: string; to: string }) => {
    const target = checkTarget(flags.to);
    if (!target.ok) throw new UsageError(`--to "${flags.to}": ${target.reason}`);
    const profile = parseProfileRef(flags.profile);
    const base = publicUrl(flags.baseUrl);
    const created = await useStore(flags, (store) =>
      store.value.createLink({ campaignId: flags.campaign, profile, target: target.url }),
    );
    if (created === undefined)
      throw new InputError(`no campaign with id ${flags.campaign} (\`realreach campaign list\` shows them)`);
    const json = linkJson(created, base);
    if (flags.json) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    else
      process.stdout.write(
        `${json.url}\n  slug ${json.slug} for ${profileRefText(profile)} → ${json.target}\n`,
      );
    process.exitCode = EXIT_OK;
  });

  withStoreOption(
    link
      .command('list')
      .description("a campaign's tracked links")
      .requiredOption('--campaign <id>', 'the campaign', parseStoredId('--campaign'))
      .option(
        '--base-url <url>',
        `the server's public address (default REALREACH_PUBLIC_URL or ${DEFAULT_PUBLIC_URL})`,
      )
      .option('--json', 'print the links as JSON'),
  ).action(async (flags: LinkFlags & { campaign: number }) => {
    const base = publicUrl(flags.baseUrl);
    const links = await useStore(flags, async (store) =>
      (await store.value.getCampaign(flags.campaign)) === undefined
        ? undefined
        : store.value.listLinks(flags.campaign),
    );
    if (links === undefined)
      throw new InputError(`no campaign with id ${flags.campaign} (\`realreach campaign list\` shows them)`);
    if (flags.json)
      process.stdout.write(
        `${JSON.stringify(
          links.map((entry) => linkJson(entry, base)),
          null,
          2,
        )}\n`,
      );
    else
      process.stdout.write(
        renderTextTable(
          [{ title: 'slug' }, { title: 'profile' }, { title: 'url' }, { title: 'target' }],
          links.map((entry) => [
            entry.slug,
            profileLabel(entry.profile),
            `${base}/r/${entry.slug}`,
            entry.target,
          ]),
        ),
      );
    process.exitCode = EXIT_OK;
  });
}
