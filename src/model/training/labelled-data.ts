// Reads labelled datasets into Accounts with their labels and collections: a rejected row stops the run, a row left without a label (its id labelled both ways, or not listed) or an account given both labels by two rows is left out, counted and reported; a repeat with the same label is counted and reported.
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
  // Every account read so far (platform + id), with its label, row and place, across all the datasets: a repeat
  // with the same label is trained on as it stands (the bundled models were trained so) and reported; a repeat
  // with the other label is a conflict, and every row of that account is left out.
  const seen = new Map<string, { label: Label; at: string; rows: { row: number; dataset: number }[] }>();
  const conflicted = new Set<string>();
  const dropped = new Set<number>();
  const datasetRows: Partial<Record<Label, number>>[] = [];
  for (const dataset of datasets) {
    const path = join(root, dataset.path);
    const reader = await openAccountReader(path, {
      format: dataset.format,
      observedAt: dataset.observedAt === undefined ? undefined : new Date(dataset.observedAt),
    });
    const rows: Partial<Record<Label, number>> = {};
    datasetRows.push(rows);
    const index = datasetRows.length - 1;
    let repeats = 0;
    let firstRepeat: string | undefined;
    let conflicts = 0;
    let firstConflict: string | undefined;
    let unlabelled = 0;
    let firstUnlabelled: string | undefined;
    for await (const item of reader) {
      if (!item.ok) throw new InputError(`training data must read cleanly: ${formatRecordError(item.error)}`);
      if (item.label === undefined) {
        unlabelled++;
        firstUnlabelled ??= `account ${item.account.id} (line ${item.account.source.line ?? '?'})`;
        continue;
      }
      const key = `${item.account.platform}\t${item.account.id}`;
      const at = `${dataset.path}:${item.account.source.line ?? '?'}`;
      const earlier = seen.get(key);
      if (earlier !== undefined || conflicted.has(key)) {
        if (earlier !== undefined && earlier.label === item.label) {
          earlier.rows.push({ row: result.accounts.length, dataset: index });
          repeats++;
          firstRepeat ??= `account ${item.account.id} at ${at}, first at ${earlier.at}`;
        } else {
          conflicts++;
          firstConflict ??= `account ${item.account.id} at ${at} is ${item.label}${earlier ? `, ${earlier.label} at ${earlier.at}` : ''}`;
          if (earlier !== undefined) {
            // its earlier rows go too: no row of an account labelled both ways is trained on
            for (const { row, dataset: where } of earlier.rows) {
              dropped.add(row);
              const earlierRows = datasetRows[where] as Partial<Record<Label, number>>;
              const left = (earlierRows[earlier.label] ?? 1) - 1;
              if (left > 0) earlierRows[earlier.label] = left;
              else delete earlierRows[earlier.label];
            }
            conflicts += earlier.rows.length;
            seen.delete(key);
            conflicted.add(key);
          }
          continue;
        }
      } else {
        seen.set(key, { label: item.label, at, rows: [{ row: result.accounts.length, dataset: index }] });
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
    if (repeats > 0)
      log(
        `${dataset.path}: ${repeats} rows repeat an account read before (same platform + id, same label), each trained on as it stands (first: ${firstRepeat})`,
      );
    if (conflicts > 0) {
      const left = `${conflicts} rows left out: an account labelled both ways by its rows gets no label, and none of its rows is trained on (first: ${firstConflict})`;
      log(`${dataset.path}: ${left}`);
      note = note === undefined ? left : `${note}; ${left}`;
    }
    if (unlabelled > 0) {
      const left = `${unlabelled} rows left out: no label (an id labelled both ways, or not in the label file; first: ${firstUnlabelled})`;
      log(`${dataset.path}: ${left}`);
      note = note === undefined ? left : `${note}; ${left}`;
    }
    result.datasets.push({ collection: dataset.collection, path: dataset.path, rows, note });
  }
  if (dropped.size === 0) return result;
  const kept = (_: unknown, row: number) => !dropped.has(row);
  return {
    accounts: result.accounts.filter(kept),
    labels: result.labels.filter(kept),
    collections: result.collections.filter(kept),
    datasets: result.datasets,
  };
}
