import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldError } from '../core/errors.ts';
import { readCount, readFlag, readId, readNumber, readTime } from './fields.ts';

const iso = (value: unknown) => readTime(value, 'created_at')?.toISOString();

describe('readTime', () => {
  it('reads every form the exports use, zone-less ones as UTC', () => {
    assert.equal(iso('Fri Apr 06 10:58:22 +0000 2007'), '2007-04-06T10:58:22.000Z');
    assert.equal(iso('2015-02-14 10:54:49'), '2015-02-14T10:54:49.000Z');
    assert.equal(iso('2015-02-14T10:54:49'), '2015-02-14T10:54:49.000Z');
    assert.equal(iso('2016-11-24T10:02:12.085+01:00'), '2016-11-24T09:02:12.085Z');
    assert.equal(iso('2019-11-24'), '2019-11-24T00:00:00.000Z');
    assert.equal(iso('1183552203000L'), '2007-07-04T12:30:03.000Z');
    assert.equal(iso(1579140175000), '2020-01-16T02:02:55.000Z');
    assert.equal(iso('NULL'), undefined);
  });

  it('refuses loose or out-of-range text instead of guessing', () => {
    for (const bad of ['Feb 2015?', 'yesterday', '1999-01-01', '3000-01-01T00:00:00Z', true]) {
      assert.throws(() => readTime(bad, 'created_at'), FieldError, String(bad));
    }
  });
});

describe('field readers', () => {
  it('read counts, flags and ids strictly', () => {
    assert.equal(readCount('12', 'n'), 12);
    assert.throws(() => readCount('1.5', 'n'), /whole number/);
    // a blank cell is unknown, not 0; a spreadsheet's thousands separators are read, anything looser refused
    assert.equal(readCount('  ', 'n'), undefined);
    assert.equal(readCount('12,345', 'n'), 12_345);
    assert.equal(readCount(' 1,234,567 ', 'n'), 1_234_567);
    assert.equal(readNumber(' ', 'ratio', 0, 1), undefined);
    assert.equal(readNumber('0.25', 'ratio', 0, 1), 0.25);
    for (const bad of ['1,23', '12,3456', '1.2K', ',123', '-1'])
      assert.throws(() => readCount(bad, 'n'), /whole number/, bad);
    assert.equal(readFlag('', 'f', false), false);
    assert.equal(readFlag('', 'f'), undefined);
    assert.throws(() => readFlag('maybe', 'f'), /true\/false/);
    assert.equal(readId(42, 'id'), '42');
    assert.throws(() => readId(969398693249126400, 'id'), /beyond 2\^53/);
    assert.throws(() => readId('', 'id'), /missing/);
  });
});
