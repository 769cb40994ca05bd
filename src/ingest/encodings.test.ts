// What the reader does with encodings and compressed sizes: UTF-16 with a BOM read, without one refused clearly, invalid UTF-8 rejected at its line and counted, a gzip over its decompressed cap stopped.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { InputError } from '../core/errors.ts';
import { openAccountReader, type ReadItem, type ReadOptions } from './read.ts';

async function read(bytes: Buffer, options: ReadOptions = {}): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  const reader = await openAccountReader('-', { stdin: Readable.from([bytes]), ...options });
  for await (const item of reader) items.push(item);
  return items;
}

const CSV = 'platform,id,handle\nx,1,anna\nx,2,bö\nx,3,carl\n';

describe('encodings', () => {
  it('reads UTF-16 LE and BE with a byte-order mark', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const bytes of [le, be]) {
      const items = await read(bytes);
      assert.deepEqual(
        items.map((item) => (item.ok ? item.account.handle : item.error.reason)),
        ['anna', 'bö', 'carl'],
      );
    }
  });

  it('refuses UTF-16 without a byte-order mark, saying what to do', async () => {
    await assert.rejects(
      read(Buffer.from(CSV, 'utf16le')),
      /UTF-16 text without a byte-order mark; save it as UTF-8/,
    );
  });

  it('rejects a record with invalid UTF-8 at its line, counted, and keeps its neighbours', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"platform":"x","id":"1","handle":"anna"}\n{"platform":"x","id":"2","handle":"b'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}\n{"platform":"x","id":"3","handle":"carl"}\n'),
    ]);
    const items = await read(bytes);
    assert.deepEqual(
      items.map((item) =>
        item.ok ? item.account.handle : `${item.error.line}: ${item.error.reason.slice(0, 13)}`,
      ),
      ['anna', '2: invalid UTF-8', 'carl'],
    );
    const csv = Buffer.concat([
      Buffer.from('platform,id,handle\nx,1,a\nx,2,'),
      Buffer.from([0xc0]),
      Buffer.from('\nx,3,c\n'),
    ]);
    const rows = await read(csv);
    assert.deepEqual(
      rows.map((item) => (item.ok ? item.account.id : `line ${item.error.line}`)),
      ['1', 'line 3', '3'],
    );
  });

  it('keeps a character split across chunks whole', async () => {
    const bytes = Buffer.from('platform,id,handle\nx,1,bö\n');
    const cut = bytes.indexOf(0xc3) + 1;
    const reader = await openAccountReader('-', {
      stdin: Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]),
    });
    for await (const item of reader) assert.equal(item.ok && item.account.handle, 'bö');
  });

  it('stops a gzip input that inflates past the cap with a clear error', async () => {
    const line = `${JSON.stringify({ platform: 'x', id: '1', bio: 'z'.repeat(1000) })}\n`;
    const bomb = gzipSync(Buffer.from(line.repeat(5000)));
    const error = await read(bomb, { maxDecompressedBytes: 1_000_000 }).catch((thrown: unknown) => thrown);
    assert.ok(error instanceof InputError);
    assert.match(error.message, /decompresses to more than 1000000 bytes/);
    assert.equal((await read(bomb, { maxDecompressedBytes: 10_000_000 })).length, 5000);
  });
});
