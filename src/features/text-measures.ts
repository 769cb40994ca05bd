// Allocation-light measures of short profile texts: length, digits, words, character entropy, name-to-handle likeness.
// Each takes a [start, end) range so callers can measure part of a string (a handle's user part) without slicing.
import { editDistance } from '../core/edit-distance.ts';

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

/** Whether each code point is a letter or a number, filled in as code points are met: 0 not yet known, 1 yes, 2 no. */
const letterOrNumberCache = new Uint8Array(0x110000);

function isLetterOrNumber(codePoint: number): boolean {
  let known = letterOrNumberCache[codePoint];
  if (known === 0) {
    known = LETTER_OR_NUMBER.test(String.fromCodePoint(codePoint)) ? 1 : 2;
    letterOrNumberCache[codePoint] = known;
  }
  return known === 1;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

function isAsciiDigit(unit: number): boolean {
  return unit >= 48 && unit <= 57;
}

function lowerAscii(unit: number): number {
  return unit >= 65 && unit <= 90 ? unit + 32 : unit;
}

/** Whitespace as the regex `\s` defines it, so words and hasVisibleText agree. */
function isWhitespace(unit: number): boolean {
  if (unit < 0xa0) return unit === 32 || (unit >= 9 && unit <= 13);
  return (
    unit === 0xa0 ||
    unit === 0x1680 ||
    (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 ||
    unit === 0x2029 ||
    unit === 0x202f ||
    unit === 0x205f ||
    unit === 0x3000 ||
    unit === 0xfeff
  );
}

// Most texts have no surrogate pair and many no digit: the regex engine finds that out several times faster than a
// loop over the characters, so the loops below run only when they have something to count.
const SURROGATE = /[\ud800-\udfff]/;

/** Length in Unicode code points, so an emoji or an accented letter counts once. */
export function codePointLength(text: string, start = 0, end = text.length): number {
  if (start === 0 && end === text.length && !SURROGATE.test(text)) return text.length;
  let length = 0;
  for (let i = start; i < end; i++) if (!isLowSurrogate(text.charCodeAt(i))) length++;
  return length;
}

const DIGIT = /[0-9]/;

/** How many of the characters are the digits 0–9. */
export function countDigits(text: string, start = 0, end = text.length): number {
  if (start === 0 && end === text.length && !DIGIT.test(text)) return 0;
  let digits = 0;
  for (let i = start; i < end; i++) if (isAsciiDigit(text.charCodeAt(i))) digits++;
  return digits;
}

/** How many whitespace-separated words the text has. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isWhitespace(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

const VISIBLE = /\S/;

/** Whether the text has anything but whitespace. */
export function hasVisibleText(text: string): boolean {
  return VISIBLE.test(text);
}

/** Where a handle's user part starts: after a leading `@`. */
export function handleStart(handle: string): number {
  return handle.charCodeAt(0) === 64 ? 1 : 0;
}

/**
 * Where a handle's user part ends: before an `@server` suffix (Mastodon) or the first dot (Bluesky handles are
 * domain names), so `@alice@example.social` and `alice.bsky.social` both measure as `alice`: the hosting domain is
 * not something the user chose.
 */
export function handleEnd(handle: string): number {
  for (let i = handleStart(handle); i < handle.length; i++) {
    const code = handle.charCodeAt(i);
    if (code === 64 || code === 46) return i;
  }
  return handle.length;
}

const asciiCounts = new Int32Array(128);
const asciiSeen = new Uint8Array(128);

/** c · log2(c) for the counts a handle's characters reach, so entropy needs a single logarithm. */
const COUNT_LOG_COUNT = Float64Array.from({ length: 64 }, (_, count) =>
  count === 0 ? 0 : count * Math.log2(count),
);

function countLogCount(count: number): number {
  return count < COUNT_LOG_COUNT.length ? (COUNT_LOG_COUNT[count] as number) : count * Math.log2(count);
}

/**
 * Shannon entropy in bits of the characters, ASCII letters lowercased so that platforms with and without
 * mixed-case handles measure alike. Handles are ASCII on every supported platform; other characters are counted
 * per UTF-16 unit. NaN for an empty range.
 */
export function characterEntropy(text: string, start = 0, end = text.length): number {
  const total = end - start;
  if (total <= 0) return Number.NaN;
  // H = Σ (c/n) log2(n/c) = log2(n) − Σ c·log2(c) / n
  let sumCountLogCount = 0;
  let distinctAscii = 0;
  for (let i = start; i < end; i++) {
    const unit = lowerAscii(text.charCodeAt(i));
    if (unit < 128) {
      const count = asciiCounts[unit] as number;
      if (count === 0) asciiSeen[distinctAscii++] = unit;
      asciiCounts[unit] = count + 1;
      continue;
    }
    let seenBefore = false;
    for (let j = start; j < i && !seenBefore; j++) seenBefore = text.charCodeAt(j) === unit;
    if (seenBefore) continue;
    let count = 1;
    for (let j = i + 1; j < end; j++) if (text.charCodeAt(j) === unit) count++;
    sumCountLogCount += countLogCount(count);
  }
  for (let k = 0; k < distinctAscii; k++) {
    const unit = asciiSeen[k] as number;
    sumCountLogCount += countLogCount(asciiCounts[unit] as number);
    asciiCounts[unit] = 0;
  }
  return Math.log2(total) - sumCountLogCount / total;
}

let leftUnits = new Uint16Array(64);
let rightUnits = new Uint16Array(64);

/** Writes the letters and digits of text[start, end) into `into`, ASCII lowercased; returns how many were written. */
function writeAlphanumerics(text: string, start: number, end: number, into: Uint16Array): number {
  let length = 0;
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 128) {
      const lower = lowerAscii(unit);
      if ((lower >= 97 && lower <= 122) || isAsciiDigit(lower)) into[length++] = lower;
      continue;
    }
    const codePoint = text.codePointAt(i) as number;
    if (!isLetterOrNumber(codePoint)) continue;
    into[length++] = unit;
    if (codePoint > 0xffff) into[length++] = text.charCodeAt(++i);
  }
  return length;
}

function ensureCapacity(length: number): void {
  if (length <= leftUnits.length) return;
  leftUnits = new Uint16Array(length);
  rightUnits = new Uint16Array(length);
}

/** The last pair measured, because one account's features ask about the same display name and handle in turn. */
let lastLeft = '';
let lastRight = '';
let lastRightStart = 0;
let lastRightEnd = 0;
let lastSimilarity = Number.NaN;

/**
 * How alike two texts are, from 0 (nothing in common) to 1 (same letters and digits): 1 − Levenshtein distance ÷
 * the longer length, over letters and digits with ASCII lowercased (so "John Smith" and "johnsmith" are alike).
 * NaN when neither has a letter or digit.
 */
export function alphanumericSimilarity(
  left: string,
  right: string,
  rightStart = 0,
  rightEnd = right.length,
): number {
  if (
    left === lastLeft &&
    right === lastRight &&
    rightStart === lastRightStart &&
    rightEnd === lastRightEnd
  ) {
    return lastSimilarity;
  }
  ensureCapacity(Math.max(left.length, rightEnd - rightStart));
  let leftLength = writeAlphanumerics(left, 0, left.length, leftUnits);
  let rightLength = writeAlphanumerics(right, rightStart, rightEnd, rightUnits);
  const longer = Math.max(leftLength, rightLength);
  let similarity = Number.NaN;
  if (longer > 0) {
    // a shared prefix or suffix costs no edits, so only the middle needs the table
    let prefix = 0;
    while (prefix < leftLength && prefix < rightLength && leftUnits[prefix] === rightUnits[prefix]) prefix++;
    while (
      leftLength > prefix &&
      rightLength > prefix &&
      leftUnits[leftLength - 1] === rightUnits[rightLength - 1]
    ) {
      leftLength--;
      rightLength--;
    }
    similarity = 1 - editDistance(leftUnits, leftLength, rightUnits, rightLength, prefix) / longer;
  }
  lastLeft = left;
  lastRight = right;
  lastRightStart = rightStart;
  lastRightEnd = rightEnd;
  lastSimilarity = similarity;
  return similarity;
}
