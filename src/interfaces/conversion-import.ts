// Conversions from a CSV (the CLI's `conversion import`, the dashboard's upload): good rows stored, the same shop id kept once, bad rows named by file, line and field.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { FieldError, InputError } from '../core/errors.ts';
import type { Store } from '../store/store.ts';
import { conversionFromFields } from '../value/conversion-fields.ts';

/** The CSV columns `conversion import` reads (any order; unknown columns are ignored and named). */
export const CONVERSION_CSV_COLUMNS = [
  'kind',
  'campaign',
  'order_id',
  'click_id',
  'amount',
  'currency',
  'code',
  'occurred_at',
];

export interface ImportSummary {
  read: number;
  stored: number;
  duplicates: number;
  refused: number;
  refusedExamples: string[];
  ignoredColumns: string[];
}

const EXAMPLES_SHOWN = 10;

/** Reads the CSV row by row: good rows are stored, bad ones counted and named by file, line and field. */
export async function importConversions(
  store: Store,
  source: Readable,
  name: string,
  /** For rows without a campaign (the dashboard imports into the campaign whose page it is). */
  defaultCampaign?: number,
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    read: 0,
    stored: 0,
    duplicates: 0,
    refused: 0,
    refusedExamples: [],
    ignoredColumns: [],
  };
  const parser = source.pipe(
    parse({
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      bom: true,
      info: true,
      skip_empty_lines: true,
      trim: true,
    }),
  );
  // pipe() does not pass a read error on: the parser is ended with it, so the loop below sees it.
  source.on('error', (error) => parser.destroy(error));
  let headerChecked = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (!headerChecked) {
        headerChecked = true;
        const columns = Object.keys(record);
        if (!columns.includes('kind'))
          throw new InputError(
            `${name}:1: the header has no "kind" column (columns: ${CONVERSION_CSV_COLUMNS.join(', ')})`,
          );
        summary.ignoredColumns = columns.filter((column) => !CONVERSION_CSV_COLUMNS.includes(column));
      }
      summary.read += 1;
      try {
        const conversion = conversionFromFields(
          {
            kind: record.kind,
            campaign: record.campaign || defaultCampaign,
            orderId: record.order_id,
            clickId: record.click_id,
            amount: record.amount,
            currency: record.currency,
            code: record.code,
            occurredAt: record.occurred_at,
          },
          'csv',
          new Date(),
        );
        const { duplicate } = await store.value.addConversion(conversion);
        if (duplicate) summary.duplicates += 1;
        else summary.stored += 1;
      } catch (error) {
        if (!(error instanceof FieldError || error instanceof InputError)) throw error;
        summary.refused += 1;
        if (summary.refusedExamples.length < EXAMPLES_SHOWN)
          summary.refusedExamples.push(
            `${name}:${info.lines}: ${error instanceof FieldError ? `${error.field}: ${error.reason}` : `campaign: ${error.message}`}`,
          );
      }
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${name}: no such file`);
    throw new InputError(`${name}: ${(error as Error).message}`);
  }
  return summary;
}

/** A CSV file by its path. */
export function importConversionFile(store: Store, path: string): Promise<ImportSummary> {
  return importConversions(store, createReadStream(path), path);
}
