// A shard's input records as gzipped JSON lines: accounts with their labels, and rejected records' errors, in input order.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Account, Label } from '../core/account.ts';
import { accountFromJson } from '../core/account-json.ts';
import type { RecordError } from '../core/errors.ts';
import type { ReadItem } from '../ingest/read.ts';

type RecordLine = { account: Account; label?: Label } | { error: RecordError };

export function encodeRecords(items: readonly ReadItem[]): Buffer {
  const lines = items.map((item) =>
    JSON.stringify(
      item.ok
        ? item.label === undefined
          ? { account: item.account }
          : { account: item.account, label: item.label }
        : { error: item.error },
    ),
  );
  return gzipSync(lines.join('\n'));
}

export function decodeRecords(bytes: Buffer): ReadItem[] {
  const text = gunzipSync(bytes).toString('utf8');
  if (text === '') return [];
  return text.split('\n').map((line): ReadItem => {
    const record = JSON.parse(line) as RecordLine;
    if ('error' in record) return { ok: false, error: record.error };
    const account = accountFromJson(record.account);
    return record.label === undefined ? { ok: true, account } : { ok: true, account, label: record.label };
  });
}
