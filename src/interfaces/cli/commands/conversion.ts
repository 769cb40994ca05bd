// `realreach conversion add|import`: leads, sign-ups, sales and referrals from the shop, kept once per shop id.
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse';
import { FieldError, InputError } from '../../../core/errors.ts';
import type { Store } from '../../../store/store.ts';
import { CONVERSION_KINDS } from '../../../value/campaign.ts';
import { conversionFromFields } from '../../../value/conversion-fields.ts';
import { formatMoney } from '../../../value/money.ts';
import { EXIT_OK, UsageError } from '../exit.ts';
import { parseStoredId, type StoreFlags, useStore, withStoreOption } from '../store-option.ts';

interface AddFlags extends StoreFlags {
  campaign?: number;
  kind: string;
  amount?: string;
  currency?: string;
  orderId?: string;
  clickId?: string;
  code?: string;
  at?: string;
  json?: boolean;
}

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
export async function importConversions(store: Store, path: string): Promise<ImportSummary> {
  const summary: ImportSummary = {
    read: 0,
    stored: 0,
    duplicates: 0,
    refused: 0,
    refusedExamples: [],
    ignoredColumns: [],
  };
  const input = createReadStream(path);
  const parser = input.pipe(
    parse({
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      bom: true,
      info: true,
      skip_empty_lines: true,
      trim: true,
    }),
  );
  // pipe() does not pass a read error on: the parser is ended with it, so the loop below sees it.
  input.on('error', (error) => parser.destroy(error));
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
            `${path}:1: the header has no "kind" column (columns: ${CONVERSION_CSV_COLUMNS.join(', ')})`,
          );
        summary.ignoredColumns = columns.filter((column) => !CONVERSION_CSV_COLUMNS.includes(column));
      }
      summary.read += 1;
      try {
        const conversion = conversionFromFields(
          {
            kind: record.kind,
            campaign: record.campaign,
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
            `${path}:${info.lines}: ${error instanceof FieldError ? `${error.field}: ${error.reason}` : `campaign: ${error.message}`}`,
          );
      }
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${path}: no such file`);
    throw new InputError(`${path}: ${(error as Error).message}`);
  }
  return summary;
}

export function registerConversion(program: Command): void {
  const conversion = program
    .command('conversion')
    .description('conversions from the shop: lead, signup, sale (amount, currency), referral (code)');

  withStoreOption(
    conversion
      .command('add')
      .description('record one conversion; the same --order-id twice is kept once')
      .option(
        '--campaign <id>',
        'the campaign (found from --click-id when omitted)',
        parseStoredId('--campaign'),
      )
      .requiredOption('--kind <kind>', CONVERSION_KINDS.join(' | '))
      .option('--amount <n>', 'a sale: its amount, e.g. 49.90')
      .option('--currency <code>', 'a sale: its currency, e.g. EUR')
      .option('--order-id <id>', "the shop's own id for it (makes it idempotent)")
      .option('--click-id <id>', 'the rr_click value the shop kept from the redirect')
      .option('--code <code>', 'a referral: its code')
      .option('--at <time>', 'when it happened (ISO 8601; default now)')
      .option('--json', 'print the stored conversion as JSON'),
  ).action(async (flags: AddFlags) => {
    let input: ReturnType<typeof conversionFromFields>;
    try {
      input = conversionFromFields(
        {
          kind: flags.kind,
          campaign: flags.campaign,
          orderId: flags.orderId,
          clickId: flags.clickId,
          amount: flags.amount,
          currency: flags.currency,
          code: flags.code,
          occurredAt: flags.at,
        },
        'cli',
        new Date(),
      );
    } catch (error) {
      if (error instanceof FieldError)
        throw new UsageError(`--${error.field.replace('_', '-')}: ${error.reason}`);
      throw error;
    }
    if (input.campaignId === null && input.clickId === null)
      process.stderr.write(
        'realreach: no --campaign and no --click-id: the conversion is kept, unattributed\n',
      );
    const { conversion: stored, duplicate } = await useStore(flags, (store) =>
      store.value.addConversion(input),
    );
    if (flags.json) process.stdout.write(`${JSON.stringify({ ...stored, duplicate }, null, 2)}\n`);
    else
      process.stdout.write(
        `${duplicate ? 'already kept' : 'kept'}: conversion ${stored.id}, ${stored.kind}${stored.amount ? ` ${formatMoney(stored.amount)}` : ''}${stored.externalId ? `, order ${stored.externalId}` : ''}\n`,
      );
    process.exitCode = EXIT_OK;
  });

  withStoreOption(
    conversion
      .command('import')
      .description(
        `read conversions from a CSV with columns ${CONVERSION_CSV_COLUMNS.join(', ')} (kind required)`,
      )
      .argument('<csv>', 'the CSV file')
      .option('--json', 'print the summary as JSON'),
  ).action(async (path: string, flags: StoreFlags & { json?: boolean }) => {
    const summary = await useStore(flags, (store) => importConversions(store, path));
    if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      process.stdout.write(
        `${path}: ${summary.read} rows read, ${summary.stored} stored, ${summary.duplicates} already kept (same kind and order id), ${summary.refused} refused\n`,
      );
      for (const example of summary.refusedExamples) process.stderr.write(`realreach: refused ${example}\n`);
      if (summary.ignoredColumns.length > 0)
        process.stderr.write(`realreach: columns ignored: ${summary.ignoredColumns.join(', ')}\n`);
    }
    process.exitCode = summary.read > 0 && summary.refused === summary.read ? 1 : EXIT_OK;
  });
}
