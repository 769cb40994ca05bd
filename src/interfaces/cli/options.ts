// Parsers for option values shared by several commands, each failing with a UsageError that names the option.
import { UsageError } from './exit.ts';

export function parseTimeOption(name: string) {
  return (value: string): Date => {
    const time = Date.parse(value);
    if (!Number.isFinite(time))
      throw new UsageError(
        `${name}: expected a date such as 2024-05-01 or 2024-05-01T12:00:00Z, got "${value}"`,
      );
    return new Date(time);
  };
}

export function parseCountOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0)
      throw new UsageError(`${name}: expected a whole number >= 0, got "${value}"`);
    return n;
  };
}
