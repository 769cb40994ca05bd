// Calendar dates as people type them (YYYY-MM-DD): real days only — JavaScript's Date reads 2026-02-30 as 2 March.

/** True when `text` starts with a YYYY-MM-DD that is a day of the calendar (not 2026-02-30 or 2026-13-01). */
export function startsWithCalendarDay(text: string): boolean {
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim());
  if (day === null) return false;
  const [, year, month, date] = day.map(Number) as [number, number, number, number];
  const utc = new Date(Date.UTC(year, month - 1, date));
  return utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === date;
}

/** True when `text` is exactly a YYYY-MM-DD day of the calendar. */
export function isCalendarDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && startsWithCalendarDay(text);
}
