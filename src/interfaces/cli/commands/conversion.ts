// `realreach conversion add|import`: leads, sign-ups, sales and referrals from the shop, kept once per shop id.
import type { Command } from 'commander';
import { FieldError } from '../../../core/errors.ts';
import { countOf } from '../../../core/plural.ts';
import { CONVERSION_KINDS } from '../../../value/campaign.ts';
import { conversionFromFields } from '../../../value/conversion-fields.ts';
import { formatMoney } from '../../../value/money.ts';
import { CONVERSION_CSV_COLUMNS, importConversionFile } from '../../conversion-import.ts';
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
    const summary = await useStore(flags, (store) => importConversionFile(store, path));
    if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      process.stdout.write(
        `${path}: ${countOf(summary.read, 'row')} read, ${summary.stored} stored, ${summary.duplicates} already kept (same kind and order id), ${summary.refused} refused\n`,
      );
      for (const example of summary.refusedExamples) process.stderr.write(`realreach: refused ${example}\n`);
      if (summary.ignoredColumns.length > 0)
        process.stderr.write(`realreach: columns ignored: ${summary.ignoredColumns.join(', ')}\n`);
    }
    process.exitCode = summary.read > 0 && summary.refused === summary.read ? 1 : EXIT_OK;
  });
}
