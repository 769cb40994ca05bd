// Whole numbers and one-decimal percents written as Intl.NumberFormat('en-US') writes them, without building an Intl formatter: the first one a process builds costs about 20 ms (ICU's start), most of a quick command's own time.

/** `1234567` → `1,234,567`, as `new Intl.NumberFormat('en-US').format` writes a safe integer. */
export function formatWhole(value: number): string {
  if (!Number.isSafeInteger(value)) return new Intl.NumberFormat('en-US').format(value);
  return `${value < 0 ? '-' : ''}${groupThousands(String(Math.abs(value)))}`;
}

/**
 * `0.12345` → `12.3%`, as Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1,
 * maximumFractionDigits: 1 }) writes a share from 0 up: from the number's shortest decimal form (so 0.1445 is 14.5 %,
 * not the binary 14.4499…), rounded half away from zero. Anything else (negative, or written with an exponent) goes
 * to Intl itself.
 */
export function formatPercentOneDecimal(share: number): string {
  const parts = /^(\d+)(?:\.(\d+))?$/.exec(String(share));
  if (parts === null || Object.is(share, -0)) return percentByIntl(share);
  const whole = parts[1] as string;
  const fraction = (parts[2] ?? '').padEnd(4, '0');
  // × 100 moves the point two places: the tenths of a percent are the whole part and three fraction digits, and the
  // fourth decides the rounding.
  const tenths = BigInt(`${whole}${fraction.slice(0, 3)}`) + ((fraction[3] as string) >= '5' ? 1n : 0n);
  const digits = tenths.toString().padStart(2, '0');
  return `${groupThousands(digits.slice(0, -1))}.${digits.slice(-1)}%`;
}

function percentByIntl(share: number): string {
  return new Intl.NumberFormat('en-US', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(share);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
