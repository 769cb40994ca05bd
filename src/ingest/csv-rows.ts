// Splits CSV text into rows of cells with csv-parse, streaming, reporting rows it cannot parse instead of stopping.
import { Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';

export interface CsvRow {
  cells: string[];
  /** 1-based line where the row starts. */
  line: number;
}

export interface CsvRowError {
  line: number;
  reason: string;
}

export type CsvFrame = CsvRow | CsvRowError;

export function isCsvRowError(frame: CsvFrame): frame is CsvRowError {
  return 'reason' in frame;
}

/** Guesses the delimiter from the first line: comma, tab or semicolon, whichever occurs most outside quotes. */
export function detectDelimiter(head: string): string {
  const end = head.indexOf('\n');
  const line = (end < 0 ? head : head.slice(0, end)).replace(/"[^"]*"/g, '');
  const counts = [',', '\t', ';'].map((delimiter) => [delimiter, line.split(delimiter).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]?.[1] ? counts[0][0] : ',';
}

export async function* splitCsv(chunks: AsyncIterable<string>, delimiter: string): AsyncGenerator<CsvFrame> {
  const skipped: CsvRowError[] = [];
  const parser = parse({
    delimiter,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      const line = (error as (CsvError & { lines?: number }) | undefined)?.lines ?? 0;
      skipped.push({ line, reason: `unreadable CSV row: ${error?.message ?? 'unknown error'}` });
      return undefined;
    },
  });
  const source = Readable.from(chunks, { objectMode: false });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    while (skipped.length > 0) yield skipped.shift() as CsvRowError;
    // info.lines is the line where the record ends; a quoted newline makes a record span several
    let extra = 0;
    for (const cell of record)
      for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) extra++;
    yield { cells: record, line: info.lines - extra };
  }
  while (skipped.length > 0) yield skipped.shift() as CsvRowError;
}
