// Amounts of money as whole minor units (cents) of an ISO 4217 currency: parsed from text exactly, never through floats.

/** An amount in a currency's minor units (cents for EUR, yen for JPY). */
export interface Money {
  /** Whole minor units; 12.50 EUR is 1250. */
  minor: number;
  /** ISO 4217 code, upper case. */
  currency: string;
}

const CURRENCY = /^[A-Z]{3}$/;
const AMOUNT = /^(\d{1,13})(?:\.(\d+))?$/;

/** Digits after the decimal point the currency uses (2 for EUR, 0 for JPY, 3 for KWD), or undefined when unknown. */
export function currencyDigits(currency: string): number | undefined {
  if (!CURRENCY.test(currency)) return undefined;
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    return format.resolvedOptions().maximumFractionDigits;
  } catch {
    return undefined;
  }
}

/** Checks a currency code (any case); returns it upper case or throws a message naming what is expected. */
export function parseCurrency(value: string): string {
  const code = value.trim().toUpperCase();
  if (currencyDigits(code) === undefined)
    throw new RangeError(`expected an ISO 4217 currency code such as EUR or USD, got "${value}"`);
  return code;
}

/** "12.5" EUR → { minor: 1250, currency: 'EUR' }; refuses negatives, exponents and more decimals than the currency has. */
export function parseMoney(amount: string | number, currency: string): Money {
  const code = parseCurrency(currency);
  const digits = currencyDigits(code) ?? 2;
  const text = typeof amount === 'number' ? String(amount) : amount.trim();
  const match = AMOUNT.exec(text);
  if (match === null)
    throw new RangeError(`expected an amount such as 12.50 (>= 0, no sign), got "${amount}"`);
  const whole = match[1] as string;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits)
    throw new RangeError(`${code} has ${digits} decimal places; "${amount}" has more`);
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount "${amount}" is too large`);
  return { minor, currency: code };
}

/** The amount as a decimal number in major units (12.5 for 1250 EUR cents), for reports and JSON. */
export function majorUnits(money: Money): number {
  return money.minor / 10 ** (currencyDigits(money.currency) ?? 2);
}

/** "1,250.00 EUR" */
export function formatMoney(money: Money): string {
  const digits = currencyDigits(money.currency) ?? 2;
  const text = majorUnits(money).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${text} ${money.currency}`;
}
