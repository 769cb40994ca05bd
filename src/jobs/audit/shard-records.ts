// A shard's input records as gzipped JSON lines: accounts with their labels (marked when they repeat an earlier follower of the whole list), and rejected records' errors, in input order.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Account, Label } from '../../core/account.ts';
import { accountFromJson } from '../../core/account-json.ts';
import type { RecordError } from '../../core/errors.ts';
import type { ReadItem } from '../../ingest/read.ts';

type RecordLine = { account: Account; label?: Label; repeat?: true } | { error: RecordError };

/** The records of a shard, and which of them (by index in the shard) repeat an earlier follower of the list. */
export interface ShardRecords {
  items: ReadItem[];
  repeats: ReadonlySet<number>;
}

export function encodeRecords(items: readonly ReadItem[], repeats: ReadonlySet<number> = new Set()): Buffer {
  const lines = items.map((item, index) =>
    JSON.stringify(
      item.ok
        ? {
            account: item.account,
            ...(item.label === undefined ? {} : { label: item.label }),
            ...(repeats.has(index) ? { repeat: true } : {}),
          }
        : { error: item.error },
    ),
  );
  return gzipSync(lines.join('\n'));
}

export function decodeRecords(bytes: Buffer): ShardRecords {
  const text = gunzipSync(bytes).toString('utf8');
  const repeats = new Set<number>();
  if (text === '') return { items: [], repeats };
  const items = text.split('\n').map((line, index): ReadItem => {
    const record = JSON.parse(line) as RecordLine;
    if ('error' in record) return { ok: false, error: record.error };
    if (record.repeat === true) repeats.add(index);
    const account = accountFromJson(record.account);
    return record.label === undefined ? { ok: true, account } : { ok: true, account, label: record.label };
  });
  return { items, repeats };
}
