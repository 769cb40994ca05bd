import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currencyDigits, formatMoney, majorUnits, parseMoney } from './money.ts';

describe('money', () => {
  it('parses amounts exactly in minor units, by the currency’s decimals', () => {
    assert.deepEqual(parseMoney('12.5', 'eur'), { minor: 1250, currency: 'EUR' });
    assert.deepEqual(parseMoney('0.10', 'USD'), { minor: 10, currency: 'USD' });
    assert.deepEqual(parseMoney('1500', 'JPY'), { minor: 1500, currency: 'JPY' });
    assert.deepEqual(parseMoney(49.9, 'EUR'), { minor: 4990, currency: 'EUR' });
    assert.equal(currencyDigits('KWD'), 3);
  });
  it('refuses negatives, exponents, unknown currencies and too many decimals', () => {
    assert.throws(() => parseMoney('-1', 'EUR'), /no sign/);
    assert.throws(() => parseMoney('1e3', 'EUR'), /expected an amount/);
    assert.throws(() => parseMoney('1', 'EURO'), /ISO 4217/);
    assert.throws(() => parseMoney('1.5', 'JPY'), /0 decimal places/);
    assert.throws(() => parseMoney('0.001', 'EUR'), /2 decimal places/);
  });
  it('formats and converts back', () => {
    assert.equal(formatMoney({ minor: 125000, currency: 'EUR' }), '1,250.00 EUR');
    assert.equal(majorUnits({ minor: 4990, currency: 'EUR' }), 49.9);
  });
});
