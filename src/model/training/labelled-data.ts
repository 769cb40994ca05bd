// Reads labelled datasets into Accounts with their labels and collections: a rejected row stops the run, a row left without a label (its id labelled both ways, or not listed) is left out, counted and reported.
import { join } from 'node:path';
import type { Account, Label } from '../../core/account.ts';
import { formatRecordError, InputError } from '../../core/errors.ts';
import { openAccountReader } from '../../ingest/read.ts';
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
  log: (line: string) => void = () => {},
): Promise<LabelledAccounts> {
  const result: LabelledAccounts = { accounts: [], labels: [], collections: [], datasets: [] };
  for (const dataset of datasets) {
    const path = join(root, dataset.path);
    const reader = await openAccountReader(path, {
      format: dataset.format,
      observedAt: dataset.observedAt === undefined ? undefined : new Date(dataset.observedAt),
    });
    const rows: Partial<Record<Label, number>> = {};
    let unlabelled = 0;
    let firstUnlabelled: string | undefined;
    for await (const item of reader) {
      if (!item.ok) throw new InputError(`training data must read cleanly: ${formatRecordError(item.error)}`);
      if (item.label === undefined) {
        unlabelled++;
        firstUnlabelled ??= `account ${item.account.id} (line ${item.account.source.line ?? '?'})`;
        continue;
      }
      result.accounts.push(item.account);
      result.labels.push(item.label);
      result.collections.push(dataset.collection);
      rows[item.label] = (rows[item.label] ?? 0) + 1;
    }
    for (const note of reader.notes) log(`${dataset.path}: ${note}`);
    const labelledRows = Object.values(rows).reduce((sum, count) => sum + count, 0);
    if (labelledRows === 0)
      throw new InputError(
        `${path}: no account has a label${firstUnlabelled ? ` (first: ${firstUnlabelled})` : ''}`,
      );
    let note = dataset.note;
    if (unlabelled > 0) {
      const left = `${unlabelled} rows left out: no label (an id labelled both ways, or not in the label file; first: ${firstUnlabelled})`;
      log(`${dataset.path}: ${left}`);
      note = note === undefined ? left : `${note}; ${left}`;
    }
    result.datasets.push({ collection: dataset.collection, path: dataset.path, rows, note });
  }
  return result;
}
