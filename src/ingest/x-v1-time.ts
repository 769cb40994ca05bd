// Reads X v1.1's created_at (`Fri Apr 06 10:58:22 +0000 2007`) from its fixed positions: the milliseconds Date.parse gives for the plain form, without the regex tests and the general parser (a follower list is mostly these).

/**
 * A three-letter ASCII name's three units as one small integer (no string made for it), or -1 when one of them is not
 * ASCII (no name is). A small integer is a Set's and a Map's cheapest key.
 */
function nameCode(text: string, at: number): number {
  const a = text.charCodeAt(at);
  const b = text.charCodeAt(at + 1);
  const c = text.charCodeAt(at + 2);
  return (a | b | c) < 128 ? (a << 14) | (b << 7) | c : -1;
}
const WEEKDAYS = new Set(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].map((name) => nameCode(name, 0)));
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_INDEX = new Map(MONTHS.map((name, index) => [nameCode(name, 0), index]));
const DAY_MS = 86_400_000;

/**
 * Days from 1970-01-01 to this date of the proleptic Gregorian calendar (`month` 0–11), for years 1000–9999: Date.UTC's
 * day count in integer arithmetic (H. Hinnant's days_from_civil), without the call into the runtime.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month < 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month < 2 ? month + 10 : month - 2) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
/** `Www Mmm DD HH:MM:SS +HHMM YYYY` */
const LENGTH = 30;
const ZERO = 48;

/** The two digits at text[at, at + 2) as a number, or -1. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - ZERO;
  const ones = text.charCodeAt(at + 1) - ZERO;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 1) return month === 3 || month === 5 || month === 8 || month === 10 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/**
 * The time in ms of an X v1.1 timestamp in its plain form: a weekday and month named as X writes them, a day that
 * exists in that month, a time of day 00:00:00–23:59:59, an offset of ±HHMM (minutes below 60) and a year
 * 1000–9999. NaN for anything else — then Date.parse decides, with its own leniencies (day 31 of a 30-day month, hour
 * 24, two-digit years…). The weekday is not checked against the date: Date.parse ignores it too.
 */
export function xV1Time(text: string): number {
  if (
    text.length !== LENGTH ||
    text.charCodeAt(3) !== 32 ||
    text.charCodeAt(7) !== 32 ||
    text.charCodeAt(10) !== 32 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 32 ||
    text.charCodeAt(25) !== 32
  )
    return Number.NaN;
  const sign = text.charCodeAt(20);
  if ((sign !== 43 && sign !== 45) || !WEEKDAYS.has(nameCode(text, 0))) return Number.NaN;
  const month = MONTH_INDEX.get(nameCode(text, 4));
  const century = twoDigits(text, 26);
  const yearEnd = twoDigits(text, 28);
  if (month === undefined || century < 10 || yearEnd < 0) return Number.NaN;
  const year = century * 100 + yearEnd;
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  const offsetHours = twoDigits(text, 21);
  const offsetMinutes = twoDigits(text, 23);
  if (
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    offsetHours < 0 ||
    offsetMinutes < 0 ||
    offsetMinutes > 59
  )
    return Number.NaN;
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
  const ms = daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000;
  return ms - (sign === 43 ? offset : -offset);
}
