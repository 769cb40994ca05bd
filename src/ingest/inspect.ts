// Reads a whole input and summarises it: format, counts, labels, rejected records, and how often each Account field is known.
import { ACCOUNT_FIELDS, type AccountField, type Label } from '../core/account.ts';
import type { RecordError } from '../core/errors.ts';
import { DuplicateAccounts } from './duplicates/duplicate-accounts.ts';
import { openAccountReader, type ReadOptions } from './read.ts';

export interface InputSummary {
  input: string;
  format: { name: string; title: string; platform: string; reference: string };
  gzip: boolean;
  read: number;
  accepted: number;
  /** Accepted records that repeat an earlier account (same platform + id); an audit counts them once. */
  duplicates: number;
  /** Records whose label differs from an earlier record's of the same account; `train` leaves such accounts out. */
  labelConflicts: number;
  rejected: number;
  labels: Partial<Record<Label, number>>;
  unlabelled: number;
  /** Share (0–1) of accepted accounts that have each field. */
  coverage: Record<AccountField, number>;
  /** How many accounts carry a capture time from the export itself, rather than the file time or a flag. */
  observedAtFromExport: number;
  defaultObservedAt: string;
  observedAtRange?: { first: string; last: string };
  createdAtRange?: { first: string; last: string };
  notes: string[];
  /** The first `keepErrors` rejected records; `rejected` counts them all. */
  errors: RecordError[];
}

export interface InspectOptions extends ReadOptions {
  /** Stop at the first rejected record by throwing it. */
  strict?: boolean;
  /** How many rejected records to keep in the summary (all are passed to `onError`). */
  keepErrors?: number;
  onError?: (error: RecordError) => void;
}

/** Thrown by `inspectInput` under `strict` at the first rejected record. */
export class StrictStop extends Error {
  constructor(readonly error: RecordError) {
    super('stopped at the first rejected record (--strict)');
  }
}

/** Labelled accounts remembered for the conflict check, and conflicts shown one by one. */
const LABEL_CHECK_LIMIT = 1_000_000;
const SHOWN_CONFLICTS = 5;

class TimeRange {
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  add(time: Date | undefined): void {
    if (time === undefined) return;
    const t = time.getTime();
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
  }
  toJSON(): { first: string; last: string } | undefined {
    return this.first <= this.last
      ? { first: new Date(this.first).toISOString(), last: new Date(this.last).toISOString() }
      : undefined;
  }
}

export async function inspectInput(input: string, options: InspectOptions = {}): Promise<InputSummary> {
  const reader = await openAccountReader(input, options);
  const keepErrors = options.keepErrors ?? 100;
  const present = new Float64Array(ACCOUNT_FIELDS.length);
  const labels: Partial<Record<Label, number>> = {};
  const errors: RecordError[] = [];
  const observed = new TimeRange();
  const created = new TimeRange();
  let accepted = 0;
  let rejected = 0;
  let unlabelled = 0;
  let fromExport = 0;
  const repeated = new DuplicateAccounts();
  // Each labelled account's first label and line, to find an account labelled both ways by two records (what
  // `train` leaves out); bounded, since a label file of millions would hold them all.
  const firstLabels = new Map<string, { label: Label; line: number | undefined }>();
  let labelConflicts = 0;
  const conflictNotes: string[] = [];
  try {
    for await (const item of reader) {
      if (!item.ok) {
        rejected++;
        if (options.strict) throw new StrictStop(item.error);
        if (errors.length < keepErrors) errors.push(item.error);
        options.onError?.(item.error);
        continue;
      }
      accepted++;
      const { account } = item;
      repeated.repeats(account);
      for (let i = 0; i < ACCOUNT_FIELDS.length; i++) {
        if (account[ACCOUNT_FIELDS[i] as AccountField] !== undefined) present[i] = (present[i] as number) + 1;
      }
      if (item.label === undefined) unlabelled++;
      else {
        labels[item.label] = (labels[item.label] ?? 0) + 1;
        const key = `${account.platform}\t${account.id}`;
        const first = firstLabels.get(key);
        if (first === undefined) {
          if (firstLabels.size < LABEL_CHECK_LIMIT)
            firstLabels.set(key, { label: item.label, line: account.source.line });
        } else if (first.label !== item.label) {
          labelConflicts++;
          if (conflictNotes.length < SHOWN_CONFLICTS)
            conflictNotes.push(
              `${account.source.file}:${account.source.line ?? '?'}: id ${account.id} is labelled ${item.label} here and ${first.label} at line ${first.line ?? '?'}: conflicting labels (train leaves every record of it out)`,
            );
        }
      }
      if (account.observedAt !== reader.defaultObservedAt) fromExport++;
      observed.add(account.observedAt);
      created.add(account.createdAt);
    }
  } finally {
    repeated.close();
  }
  const coverage = {} as Record<AccountField, number>;
  ACCOUNT_FIELDS.forEach((field, i) => {
    coverage[field] = accepted === 0 ? 0 : (present[i] as number) / accepted;
  });
  const { format } = reader;
  return {
    input,
    format: {
      name: format.name,
      title: format.title,
      platform: format.platform,
      reference: format.reference,
    },
    gzip: reader.input.gzip,
    read: accepted + rejected,
    accepted,
    duplicates: repeated.duplicates,
    labelConflicts,
    rejected,
    labels,
    unlabelled,
    coverage,
    observedAtFromExport: fromExport,
    defaultObservedAt: reader.defaultObservedAt.toISOString(),
    observedAtRange: observed.toJSON(),
    createdAtRange: created.toJSON(),
    notes: [
      ...reader.notes,
      ...conflictNotes,
      ...(labelConflicts > conflictNotes.length
        ? [
            `${labelConflicts.toLocaleString('en-US')} records in all contradict an earlier label of their account`,
          ]
        : []),
      ...(firstLabels.size >= LABEL_CHECK_LIMIT
        ? [
            `labels were checked for conflicts among the first ${LABEL_CHECK_LIMIT.toLocaleString('en-US')} labelled accounts only`,
          ]
        : []),
    ],
    errors,
  };
}
