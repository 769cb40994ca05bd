// Finds and loads the ground-truth labels a dataset keeps beside its export: a table of account id and label.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { LABELS, type Label } from '../core/account.ts';
import { InputError } from '../core/errors.ts';

export interface LabelTableLayout {
  delimiter: ',' | '\t';
  /** With a header, the columns named `id` and `label` are read; without one, the first two columns. */
  hasHeader: boolean;
  /** Turns the table's id into the account id (TwiBot-22 writes `u12345` for the X id 12345). */
  toAccountId?: (id: string) => string;
}

/** The first of `names` that exists as a file in the folder of `inputPath`. */
export async function findFileBeside(
  inputPath: string,
  names: readonly string[],
): Promise<string | undefined> {
  for (const name of names) {
    const candidate = join(dirname(inputPath), name);
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  return undefined;
}

/** A row as csv-parse gives it with `info: true` (its types do not model that option): cells and where they end. */
interface ParsedRow {
  record: string[];
  info: { lines: number };
}

function readLabel(value: string, where: string): Label {
  const label = value.trim().toLowerCase();
  if ((LABELS as readonly string[]).includes(label)) return label as Label;
  throw new InputError(`${where}: label: expected one of ${LABELS.join(', ')}, got ${JSON.stringify(value)}`);
}

/** Reads a label table into a map from account id to label. A malformed row fails the whole input. */
export async function readLabelTable(path: string, layout: LabelTableLayout): Promise<Map<string, Label>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read the label file: ${(error as NodeJS.ErrnoException).code}`);
  }
  let rows: ParsedRow[];
  try {
    const options = { delimiter: layout.delimiter, info: true, skip_empty_lines: true, bom: true };
    rows = parse(text, options) as unknown as ParsedRow[];
  } catch (error) {
    throw new InputError(`${path}: cannot read the label file: ${(error as Error).message}`);
  }
  let idColumn = 0;
  let labelColumn = 1;
  if (layout.hasHeader) {
    const header = (rows.shift()?.record ?? []).map((cell) => cell.trim());
    idColumn = header.indexOf('id');
    labelColumn = header.indexOf('label');
    if (idColumn < 0 || labelColumn < 0) {
      throw new InputError(
        `${path}:1: expected a header with the columns id and label, got ${header.join(', ')}`,
      );
    }
  }
  const labels = new Map<string, Label>();
  for (const { record, info } of rows) {
    const where = `${path}:${info.lines}`;
    const rawId = record[idColumn]?.trim() ?? '';
    if (rawId === '') throw new InputError(`${where}: id: missing`);
    const id = layout.toAccountId ? layout.toAccountId(rawId) : rawId;
    const label = readLabel(record[labelColumn] ?? '', where);
    const earlier = labels.get(id);
    if (earlier !== undefined && earlier !== label) {
      throw new InputError(`${where}: id ${id} is labelled ${label} here and ${earlier} on an earlier line`);
    }
    labels.set(id, label);
  }
  return labels;
}

/** `labels for 1,000 ids from data/label_sample.csv: 854 human, 146 bot` */
export function describeLabelTable(labels: ReadonlyMap<string, Label>, path: string): string {
  const counts = new Map<Label, number>();
  for (const label of labels.values()) counts.set(label, (counts.get(label) ?? 0) + 1);
  const parts = LABELS.filter((label) => counts.has(label)).map(
    (label) => `${(counts.get(label) ?? 0).toLocaleString('en-US')} ${label}`,
  );
  return `labels for ${labels.size.toLocaleString('en-US')} ids from ${path}: ${parts.join(', ')}`;
}
