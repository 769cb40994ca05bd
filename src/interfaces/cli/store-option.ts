// The store a command works on: the --db option, the help on DATABASE_URL and REALREACH_DB, and opening and closing it.
import type { Command } from 'commander';
import { openStore } from '../../store/dialects/open-store.ts';
import type { Store } from '../../store/store.ts';
import { UsageError } from './exit.ts';

export interface StoreFlags {
  db?: string;
}

const STORE_HELP = `
Where saved audits and tokens are kept:
  --db <file>     a SQLite file, made when missing
  REALREACH_DB    the SQLite file when --db is not given (default: ./realreach.db)
  DATABASE_URL    PostgreSQL instead of SQLite when --db is not given,
                  e.g. postgres://user:password@localhost:5432/realreach`;

/** Adds --db and the help on the environment to a command. */
export function withStoreOption(command: Command): Command {
  return command
    .option(
      '--db <file>',
      'SQLite file to use (otherwise DATABASE_URL, REALREACH_DB or ./realreach.db: see below)',
    )
    .addHelpText('after', STORE_HELP);
}

/** Opens the store the flags and environment point at, hands it over, and closes it whatever happens. */
export async function useStore<T>(flags: StoreFlags, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ db: flags.db });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** Parses the id of a saved audit or token: a whole number from 1. */
export function parseStoredId(what: string) {
  return (value: string): number => {
    const id = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(id) || id < 1)
      throw new UsageError(`${what}: expected a whole number from 1, got "${value}"`);
    return id;
  };
}
