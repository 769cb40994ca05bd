import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InputError } from '../core/errors.ts';
import { openSqliteStore } from '../store/dialects/sqlite.ts';
import { importConversionFile } from './conversion-import.ts';

const dir = mkdtempSync(join(tmpdir(), 'realreach-conversions-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('conversion import', () => {
  it('stores good rows, counts the same order id once, and names bad rows by file, line and field', async () => {
    const store = await openSqliteStore(join(dir, 'import.db'));
    try {
      const campaign = await store.value.createCampaign({
        name: 'C',
        brand: null,
        startsOn: null,
        endsOn: null,
        cost: { minor: 100, currency: 'EUR' },
        profiles: [],
      });
      const csv = join(dir, 'conversions.csv');
      writeFileSync(
        csv,
        [
          '\uFEFFKind,Campaign,Order_ID,Amount,Currency,Note',
          `sale,${campaign.id},o-1,19.90,EUR,first`,
          `sale,${campaign.id},o-1,19.90,EUR,sent again`,
          `sale,${campaign.id},o-2,abc,EUR,bad amount`,
          'lead,999,l-1,,,unknown campaign',
          `lead,${campaign.id},l-2,,,`,
          '',
        ].join('\r\n'),
      );
      const summary = await importConversionFile(store, csv);
      assert.deepEqual(summary, {
        read: 5,
        stored: 2,
        duplicates: 1,
        refused: 2,
        refusedExamples: [
          `${csv}:4: amount: expected an amount such as 12.50 (>= 0, no sign), got "abc"`,
          `${csv}:5: campaign: no campaign with id 999 (\`realreach campaign list\` shows them)`,
        ],
        ignoredColumns: ['note'],
      });
      const broken = join(dir, 'broken.csv');
      writeFileSync(
        broken,
        [
          'kind,campaign,order_id,amount,currency',
          `sale,${campaign.id},b-1,10.00,EUR`,
          `sale,${campaign.id},"b-2,10.00,EUR`,
          `sale,${campaign.id},b-3,10.00,EUR`,
          `sale,${campaign.id},b-4,10.00,EUR,extra`,
          `lead,${campaign.id},b-5,,`,
        ].join('\n'),
      );
      assert.deepEqual(await importConversionFile(store, broken), {
        read: 5,
        stored: 3,
        duplicates: 0,
        refused: 2,
        refusedExamples: [
          `${broken}:3: (row): a quote opened in this record is never closed`,
          `${broken}:5: (row): expected 5 cells as in the header, got 6`,
        ],
        ignoredColumns: [],
      });
      await assert.rejects(importConversionFile(store, join(dir, 'missing.csv')), InputError);
      writeFileSync(join(dir, 'nokind.csv'), 'campaign,amount\n1,2\n');
      await assert.rejects(
        importConversionFile(store, join(dir, 'nokind.csv')),
        /nokind.csv:1: the header has no "kind" column; its columns are "campaign", "amount", and the columns read are kind, campaign,/,
      );
      // A spreadsheet in a decimal-comma locale saves semicolons; its decimal comma is named, not misread.
      const semicolons = join(dir, 'semicolons.csv');
      writeFileSync(
        semicolons,
        [
          '\uFEFFkind;campaign;order_id;amount;currency',
          `sale;${campaign.id};s-1;10.00;EUR`,
          `sale;${campaign.id};s-2;5,50;EUR`,
          '',
        ].join('\r\n'),
      );
      assert.deepEqual(await importConversionFile(store, semicolons), {
        read: 2,
        stored: 1,
        duplicates: 0,
        refused: 1,
        refusedExamples: [
          `${semicolons}:3: amount: expected an amount such as 12.50 (>= 0, no sign), got "5,50"`,
        ],
        ignoredColumns: [],
      });
    } finally {
      await store.close();
    }
  });
});
