// Audits the bundled demo audience (examples/demo-audience: synthetic followers of a fictional profile) into the store: what a first start shows.
import { resolve } from 'node:path';
import type { Account } from '../../core/account.ts';
import { InputError } from '../../core/errors.ts';
import { openAccountReader } from '../../ingest/read.ts';
import type { AppContext } from './app-options.ts';
import { auditIntoStore, type SavedAudit } from './upload/audit-into-store.ts';

export const EXAMPLE_DIR = resolve(import.meta.dirname, '..', '..', '..', 'examples', 'demo-audience');
export const EXAMPLE_FOLLOWERS = resolve(EXAMPLE_DIR, 'followers.jsonl');
export const EXAMPLE_PROFILE = resolve(EXAMPLE_DIR, 'profile.json');

async function readExampleProfile(): Promise<Account> {
  for await (const item of await openAccountReader(EXAMPLE_PROFILE)) if (item.ok) return item.account;
  throw new InputError(`${EXAMPLE_PROFILE}: no readable profile in the bundled example`);
}

export async function saveBundledExample(context: Pick<AppContext, 'store' | 'models'>): Promise<SavedAudit> {
  const profile = await readExampleProfile();
  const followers = await openAccountReader(EXAMPLE_FOLLOWERS);
  return auditIntoStore(context, {
    followers,
    name: 'examples/demo-audience/followers.jsonl',
    profile,
    options: {},
  });
}
