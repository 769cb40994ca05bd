// `realreach token create|list|revoke`: the API's bearer tokens — made and shown once, listed, revoked.
import type { Command } from 'commander';
import { InputError } from '../../../core/errors.ts';
import type { ApiToken } from '../../../store/store.ts';
import { EXIT_OK } from '../exit.ts';
import { parseStoredId, type StoreFlags, useStore, withStoreOption } from '../store-option.ts';
import { formatTableTime, renderTextTable } from '../text-table.ts';

interface JsonFlags extends StoreFlags {
  json?: boolean;
}

export function renderTokenList(tokens: ApiToken[]): string {
  return renderTextTable(
    [
      { title: 'id', align: 'right' },
      { title: 'name' },
      { title: 'created' },
      { title: 'last used' },
      { title: 'revoked' },
    ],
    tokens.map((token) => [
      String(token.id),
      token.name,
      formatTableTime(token.createdAt),
      token.lastUsedAt === null ? 'never' : formatTableTime(token.lastUsedAt),
      token.revokedAt === null ? '—' : formatTableTime(token.revokedAt),
    ]),
  );
}

export function registerToken(program: Command): void {
  const token = program
    .command('token')
    .description('manage the bearer tokens the HTTP API and dashboard accept');

  withStoreOption(
    token
      .command('create')
      .description('make a token and print it once: only its SHA-256 hash is kept')
      .argument('<name>', 'who or what uses it, e.g. "ci" or "ana laptop"')
      .option('--json', 'print {id, name, token} as JSON'),
  ).action(async (name: string, flags: JsonFlags) => {
    const created = await useStore(flags, (store) => store.createToken(name));
    if (flags.json) process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
    else {
      process.stdout.write(`${created.token}\n`);
      process.stderr.write(
        `realreach: token ${created.id} "${created.name}" created; it is shown this once and cannot be shown again\n`,
      );
    }
    process.exitCode = EXIT_OK;
  });

  withStoreOption(
    token
      .command('list')
      .description('list the tokens: name, when made, last used, revoked (never the tokens themselves)')
      .option('--json', 'print the tokens as JSON'),
  ).action(async (flags: JsonFlags) => {
    const tokens = await useStore(flags, (store) => store.listTokens());
    if (flags.json) process.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
    else if (tokens.length === 0)
      process.stdout.write('no tokens (make one with `realreach token create <name>`)\n');
    else process.stdout.write(renderTokenList(tokens));
    process.exitCode = EXIT_OK;
  });

  withStoreOption(
    token
      .command('revoke')
      .description('revoke a token: the API refuses it from now on')
      .argument('<id>', 'the token, by the id `realreach token list` shows', parseStoredId('<id>')),
  ).action(async (id: number, flags: StoreFlags) => {
    const revoked = await useStore(flags, (store) => store.revokeToken(id));
    if (!revoked) throw new InputError(`no live token with id ${id} (\`realreach token list\` shows them)`);
    process.stdout.write(`token ${id} revoked\n`);
    process.exitCode = EXIT_OK;
  });
}
