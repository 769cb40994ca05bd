// Reads labelled datasets into Accounts with their labels and collections, refusing any rejected or unlabelled row.
import { join } from 'node:path';
import type { Account, Label } from '../core/account.ts';
import { formatRecordError, InputError } from '../core/errors.ts';
import { openAccountReader } from '../ingest/read.ts';
import type { TrainingDataset } from './training-config.ts';

export interface LabelledAccounts {
  accounts: Account[];
  labels: Label[];
  /** The collection of each row, for leave-one-collection-out validation. */
  collections: string[];
  /** Rows per dataset and label, for the training card. */
  datasets: { collection: string; path: string; rows: Partial<Record<Label, number>>; note?: string }[];
}

export async function readLabelledDatasets(
  datasets: readonly TrainingDataset[],
  root: string,
): Promise<LabelledAccounts> {
  const result: LabelledAccounts = { accounts: [], labels: [], collections: [], datasets: [] };
  for (const dataset of datasets) {
    const path = join(root, dataset.path);
    const reader = await openAccountReader(path, {
      format: dataset.format,
      observedAt: dataset.observedAt === undefined ? undefined : new Date(dataset.observedAt),
    });
    const rows: Partial<Record<Label, number>> = {};
    for await (const item of reader) {
      if (!item.ok) throw new InputError(`training data must read cleanly: ${formatRecordError(item.error)}`);
      if (item.label === undefined) {
        throw new InputError(
          `${path}: account ${item.account.id} (line ${item.account.source.line}) has no label`,
        );
      }
      result.accounts.push(item.account);
      result.labels.push(item.label);
      result.collections.push(dataset.collection);
      rows[item.label] = (rows[item.label] ?? 0) + 1;
    }
    result.datasets.push({ collection: dataset.collection, path: dataset.path, rows, note: dataset.note });
  }
  return result;
}
