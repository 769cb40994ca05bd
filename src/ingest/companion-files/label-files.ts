// Finds and loads the ground-truth labels a dataset keeps beside its export: a table of account id and label.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LABELS, type Label } from '../../core/account.ts';
import { InputError } from '../../core/errors.ts';

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

export interface LabelTable {
  labels: Map<string, Label>;
  /**
   * Ids labelled both ways, as `file:line: …` (one per contradicting line). Such an id gets no label and reading goes
   * on: `audit` needs no labels, and `score`, `inspect` and `train` report the conflict instead of stopping.
   */
  conflicts: string[];
}

/**
 * Reads a label table into a map from account id to label. A malformed row (no id, an unknown label, a header without
 * id and label) fails the whole input; an id labelled both ways is a conflict, reported, and left without a label.
 */
export async function readLabelTable(path: string, layout: LabelTableLayout): Promise<LabelTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read the label file: ${(error as NodeJS.ErrnoException).code}`);
  }
  // Loaded here, not at the top: every command that reads an input imports this module through the formats, and
  // csv-parse is eleven modules more for each of them to load, though only inputs with a label file beside them use it.
  const { parse } = await import('csv-parse/sync');
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
  /** Each id's first label and its line, kept after a conflict removes the id from `labels`. */
  const first = new Map<string, { label: Label; line: number }>();
  const conflicts: string[] = [];
  for (const { record, info } of rows) {
    const where = `${path}:${info.lines}`;
    const rawId = record[idColumn]?.trim() ?? '';
    if (rawId === '') throw new InputError(`${where}: id: missing`);
    const id = layout.toAccountId ? layout.toAccountId(rawId) : rawId;
    const label = readLabel(record[labelColumn] ?? '', where);
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, { label, line: info.lines });
      labels.set(id, label);
    } else if (earlier.label !== label) {
      conflicts.push(
        `${where}: id ${id} is labelled ${label} here and ${earlier.label} at line ${earlier.line}: conflicting labels, so it gets none`,
      );
      labels.delete(id);
    }
  }
  return { labels, conflicts };
}

/** `labels for 1,000 ids from data/label_sample.csv: 854 human, 146 bot`, then each conflict. */
export function describeLabelTable({ labels, conflicts }: LabelTable, path: string): string[] {
  const counts = new Map<Label, number>();
  for (const label of labels.values()) counts.set(label, (counts.get(label) ?? 0) + 1);
  const parts = LABELS.filter((label) => counts.has(label)).map(
    (label) => `${(counts.get(label) ?? 0).toLocaleString('en-US')} ${label}`,
  );
  return [
    `labels for ${labels.size.toLocaleString('en-US')} ids from ${path}: ${parts.join(', ')}`,
    ...(conflicts.length === 0
      ? []
      : [
          `${conflicts.length.toLocaleString('en-US')} label conflicts in ${path}: those ids get no label`,
          ...conflicts,
        ]),
  ];
}
