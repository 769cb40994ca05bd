// xV1Time against Date.parse: on random X v1.1 timestamps (valid and not) it gives Date.parse's milliseconds or leaves the text to it, and it reads every plain one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { xV1Time } from './x-v1-time.ts';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** The X form of a time (UTC ms) as seen at an offset of `offsetMinutes`. */
function xForm(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(offsetMinutes);
  return `${WEEKDAYS[local.getUTCDay()]} ${MONTHS[local.getUTCMonth()]} ${pad(local.getUTCDate(), 2)} ${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)} ${sign}${pad(Math.floor(offset / 60), 2)}${pad(offset % 60, 2)} ${pad(local.getUTCFullYear(), 4)}`;
}

/** Either xV1Time leaves the text to Date.parse, or it gives exactly Date.parse's value. */
function agrees(text: string): boolean {
  const fast = xV1Time(text);
  return Number.isNaN(fast) || fast === Date.parse(text);
}

describe('xV1Time', () => {
  it('reads X timestamps as Date.parse does', () => {
    assert.equal(xV1Time('Fri Apr 06 10:58:22 +0000 2007'), Date.parse('Fri Apr 06 10:58:22 +0000 2007'));
    assert.equal(xV1Time('Thu Sep 29 22:00:32 +0000 2022'), Date.UTC(2022, 8, 29, 22, 0, 32));
    assert.equal(xV1Time('Thu Sep 29 23:59:59 +0530 2022'), Date.UTC(2022, 8, 29, 18, 29, 59));
    assert.equal(xV1Time('Thu Sep 29 23:59:59 -1000 2022'), Date.UTC(2022, 8, 30, 9, 59, 59));
  });

  it('gives Date.parse’s value for random times at random offsets, and reads every one of them', () => {
    fc.assert(
      fc.property(
        // 1000-01-01 to 9999-12-31, and offsets up to ±14:59
        fc.integer({ min: Date.UTC(1000, 0, 2), max: Date.UTC(9999, 11, 30) }),
        fc.integer({ min: -(14 * 60 + 59), max: 14 * 60 + 59 }),
        (ms, offset) => {
          const text = xForm(Math.floor(ms / 1000) * 1000, offset);
          const fast = xV1Time(text);
          assert.equal(fast, Date.parse(text), text);
          assert.equal(fast, Math.floor(ms / 1000) * 1000, text);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('agrees with Date.parse on the edges: leap days, month ends, midnight, extreme offsets', () => {
    const cases = [
      'Tue Feb 29 12:00:00 +0000 2000',
      'Mon Feb 29 12:00:00 +0000 2100',
      'Thu Feb 29 00:00:00 +0000 2024',
      'Sat Feb 29 00:00:00 +0000 2025',
      'Fri Dec 31 23:59:59 +0000 1999',
      'Sat Jan 01 00:00:00 +0000 2000',
      'Sun Jan 01 00:00:00 -1459 2100',
      'Sun Jan 01 00:00:00 +1459 2100',
      'Thu Sep 31 22:00:32 +0000 2022',
      'Thu Sep 00 22:00:32 +0000 2022',
      'Thu Sep 29 24:00:00 +0000 2022',
      'Thu Sep 29 23:60:00 +0000 2022',
      'Thu Sep 29 23:59:60 +0000 2022',
      'Thu Sep 29 23:59:59 +0060 2022',
      'Thu Sep 29 23:59:59 +9999 2022',
      'Thu Sep 29 23:59:59 +0530 0022',
      'Thu Sep 29 23:59:59 +0530 0999',
      'Thu SEP 29 23:59:59 +0530 2022',
      'Xyz Sep 29 23:59:59 +0530 2022',
      'Mon Sep 29 23:59:59 +0530 2022',
      'Thu Sep 29 23:59:59 *0530 2022',
      'Thu Sep 29 23:59:59  0530 2022',
      'Thu Sep 2x 23:59:59 +0530 2022',
      'Thu Sep 29 23:59:59 +0530 20222',
      ' Thu Sep 29 23:59:59 +0530 2022',
    ];
    for (const text of cases) assert.ok(agrees(text), text);
    // the lenient forms are left to Date.parse
    for (const text of cases.slice(8)) assert.ok(Number.isNaN(xV1Time(text)) || text.startsWith('Mon'), text);
    assert.ok(Number.isNaN(xV1Time('Tue Feb 29 12:00:00 +0000 2100')));
    assert.equal(xV1Time('Tue Feb 29 12:00:00 +0000 2000'), Date.UTC(2000, 1, 29, 12));
  });

  it('gives Date.parse’s value or leaves the text to it on damaged timestamps', () => {
    const digit = fc.constantFrom(...'0123456789');
    const twoDigits = fc.tuple(digit, digit).map(([a, b]) => a + b);
    const word = fc.oneof(fc.constantFrom(...WEEKDAYS, ...MONTHS), fc.string({ minLength: 3, maxLength: 3 }));
    fc.assert(
      fc.property(
        fc.tuple(
          word,
          word,
          twoDigits,
          twoDigits,
          twoDigits,
          twoDigits,
          fc.constantFrom('+', '-', ' ', 'x'),
          twoDigits,
          twoDigits,
          twoDigits,
          twoDigits,
          fc.constantFrom(' ', ':', 'T'),
        ),
        ([weekday, month, day, hour, minute, second, sign, oh, om, c, y, gap]) => {
          const text = `${weekday} ${month} ${day}${gap}${hour}:${minute}:${second} ${sign}${oh}${om} ${c}${y}`;
          assert.ok(agrees(text), text);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
