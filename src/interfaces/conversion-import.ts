// Conversions from a CSV (the CLI's `conversion import`, the dashboard's upload): good rows stored, the same shop id kept once, bad rows named by file, line and field.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { FieldError, InputError } from '../core/errors.ts';
import { detectDelimiter, isCsvRowError, splitCsv } from '../ingest/framing/csv-rows.ts';
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
/** A conversion row is a few short cells; a longer one is a broken file, reported at its line. */
const MAX_ROW_CHARS = 100_000;

/** The source's bytes as UTF-8 text, a byte-order mark dropped. */
async function* textOf(source: Readable): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source as AsyncIterable<Buffer | string>)
    yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  yield decoder.decode();
}

/**
 * The text with the delimiter its first line uses: a spreadsheet in a decimal-comma locale saves `kind;campaign;…`.
 * Reads ahead only as far as the first line ends (or a row's length), then passes every chunk on.
 */
async function withDelimiter(
  text: AsyncIterable<string>,
): Promise<{ delimiter: string; text: AsyncIterable<string> }> {
  const chunks = text[Symbol.asyncIterator]();
  let head = '';
  let done = false;
  while (!/[\r\n]/.test(head) && head.length <= MAX_ROW_CHARS) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      break;
    }
    head += next.value;
  }
  async function* all(): AsyncGenerator<string> {
    yield head;
    while (!done) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { delimiter: detectDelimiter(head.replace(/^\uFEFF/, '')), text: all() };
}

/**
 * Reads the CSV row by row: good rows are stored, bad ones — a broken quote, a row whose cells do not match the
 * header, a bad field — counted and named by file, line and field, and the rows after them read.
 */
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
  const refuse = (line: number, what: string) => {
    summary.refused += 1;
    if (summary.refusedExamples.length < EXAMPLES_SHOWN)
      summary.refusedExamples.push(`${name}:${line}: ${what}`);
  };
  let header: string[] | undefined;
  try {
    const { delimiter, text } = await withDelimiter(textOf(source));
    for await (const frames of splitCsv(text, delimiter, { maxRecordChars: MAX_ROW_CHARS })) {
      for (const frame of frames) {
        if (header === undefined && !isCsvRowError(frame)) {
          header = frame.cells.map((cell) => cell.trim().toLowerCase());
          if (!header.includes('kind'))
            throw new InputError(
              `${name}:${frame.line}: the header has no "kind" column; its columns are ${header.map((column) => `"${column}"`).join(', ')}, and the columns read are ${CONVERSION_CSV_COLUMNS.join(', ')}`,
            );
          summary.ignoredColumns = header.filter((column) => !CONVERSION_CSV_COLUMNS.includes(column));
          continue;
        }
        summary.read += 1;
        if (isCsvRowError(frame)) {
          refuse(frame.line, `(row): ${frame.reason}`);
          continue;
        }
        if (header === undefined) continue;
        if (frame.cells.length !== header.length) {
          refuse(
            frame.line,
            `(row): expected ${header.length} cells as in the header, got ${frame.cells.length}`,
          );
          continue;
        }
        const record = Object.fromEntries(header.map((column, i) => [column, (frame.cells[i] ?? '').trim()]));
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
          refuse(
            frame.line,
            error instanceof FieldError ? `${error.field}: ${error.reason}` : `campaign: ${error.message}`,
          );
        }
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
