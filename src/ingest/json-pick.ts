// Reads the named top-level keys of one JSON object straight from UTF-8 bytes, checking the rest is JSON as JSON.parse would: the JSONL reader's fast path.
//
// A follower record carries many fields a format never reads; JSON.parse builds every one of them as a JS value, on
// text decoded from the bytes first. This walks the bytes once, builds only the values of the keys asked for and
// only checks the others' syntax. Whenever it cannot be sure to give exactly what JSON.parse would (an escape in a
// key, a line it finds invalid, nesting too deep), it answers undefined and the reader parses the line as before —
// so an invalid record is rejected with JSON.parse's own message, and an accepted one maps to the same Account.

const QUOTE = 34;
const BACKSLASH = 92;
const SPACE = 32;
const TAB = 9;
const COLON = 58;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** Deeper nesting is left to JSON.parse (the walk recurses once a level). */
const MAX_DEPTH = 512;
/** Integers of at most this many digits are summed exactly as they are read; longer ones go through Number(). */
const EXACT_DIGITS = 15;

/** A string's body: 0 plain ASCII, NON_ASCII some multi-byte UTF-8, ESCAPED some backslash escape. */
const NON_ASCII = 2;
const ESCAPED = 1;

const isDigit = (code: number) => code >= ZERO && code <= NINE;
const isHex = (code: number) =>
  (code >= ZERO && code <= NINE) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);

/** Picks keys from a JSON object held in bytes[start, end): a line without its line end. */
export type KeyPicker = (bytes: Buffer, start: number, end: number) => Record<string, unknown> | undefined;

/**
 * A string body's bytes: 0 plain ASCII (most of them), STOP for what ends or interrupts it (a quote, a backslash, a
 * control character), HIGH for a byte of multi-byte UTF-8. The scan runs over plain bytes with one lookup each.
 */
const STOP = 1;
const HIGH = 2;
const STRING_BYTES = Uint8Array.from({ length: 256 }, (_, code) =>
  code === QUOTE || code === BACKSLASH || code < SPACE ? STOP : code >= 128 ? HIGH : 0,
);

// What the last scan found besides where it ended (module state, written once a scan: the scans take the bytes and
// their end as arguments, which the compiler keeps in registers, rather than reading them from a closure).
/** The flags (ESCAPED, NON_ASCII) of the string scanned last. */
let stringFlags = 0;
/** The value of the number scanned last when it is an integer of at most EXACT_DIGITS digits, else NaN. */
let exactNumber = 0;

function skipSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const code = b[i] as number;
    if (code !== SPACE && code !== TAB) break;
    i++;
  }
  return i;
}

/** From just after an opening quote to just after the closing one, or -1 when the string is not valid JSON before `end`. */
function scanString(b: Uint8Array, i: number, end: number): number {
  let flags = 0;
  for (;;) {
    // Past `end` the plain run stops at the line end (a control byte) or the buffer's end (undefined), so it needs
    // no bound of its own; any stop at or past `end` means the string is not closed within the line.
    while (STRING_BYTES[b[i] as number] === 0) i++;
    if (i >= end) return -1;
    const code = b[i] as number;
    if (code === QUOTE) {
      stringFlags = flags;
      return i + 1;
    }
    if (code >= 128) {
      flags |= NON_ASCII;
      i++;
      continue;
    }
    if (code !== BACKSLASH) return -1;
    flags |= ESCAPED;
    const next = b[i + 1];
    if (next === 117) {
      if (i + 6 > end) return -1;
      for (let j = i + 2; j < i + 6; j++) if (!isHex(b[j] as number)) return -1;
      i += 6;
    } else if (
      next === QUOTE ||
      next === BACKSLASH ||
      next === 47 ||
      next === 98 ||
      next === 102 ||
      next === 110 ||
      next === 114 ||
      next === 116
    ) {
      i += 2;
    } else return -1;
  }
}

function scanNumber(b: Uint8Array, i: number, end: number): number {
  let code = b[i] as number;
  const negative = code === MINUS;
  if (negative) {
    if (++i >= end) return -1;
    code = b[i] as number;
  }
  let value = 0;
  let digits = 0;
  if (code === ZERO) {
    code = b[++i] as number;
    digits = 1;
  } else if (isDigit(code)) {
    do {
      value = value * 10 + (code - ZERO);
      digits++;
      code = b[++i] as number;
    } while (i < end && isDigit(code));
  } else return -1;
  let exact = digits <= EXACT_DIGITS;
  if (i < end && code === DOT) {
    exact = false;
    code = b[++i] as number;
    if (!(i < end && isDigit(code))) return -1;
    do code = b[++i] as number;
    while (i < end && isDigit(code));
  }
  if (i < end && (code === 101 || code === 69)) {
    exact = false;
    code = b[++i] as number;
    if (code === 43 || code === MINUS) code = b[++i] as number;
    if (!(i < end && isDigit(code))) return -1;
    do code = b[++i] as number;
    while (i < end && isDigit(code));
  }
  if (i > end) return -1;
  exactNumber = exact ? (negative ? -value : value) : Number.NaN;
  return i;
}

function word(b: Uint8Array, i: number, end: number, letters: string): number {
  if (i + letters.length > end) return -1;
  for (let j = 0; j < letters.length; j++) if (b[i + j] !== letters.charCodeAt(j)) return -1;
  return i + letters.length;
}

/** Checks one value from `i`; returns where it ends, or -1. */
function skipValue(b: Uint8Array, i: number, end: number, depth: number): number {
  if (i >= end) return -1;
  const code = b[i];
  if (code === QUOTE) return scanString(b, i + 1, end);
  if (code === OPEN_BRACE) {
    if (depth > MAX_DEPTH) return -1;
    i = skipSpace(b, i + 1, end);
    if (i < end && b[i] === CLOSE_BRACE) return i + 1;
    for (;;) {
      if (i >= end || b[i] !== QUOTE) return -1;
      i = scanString(b, i + 1, end);
      if (i < 0) return -1;
      i = skipSpace(b, i, end);
      if (i >= end || b[i] !== COLON) return -1;
      i = skipValue(b, skipSpace(b, i + 1, end), end, depth + 1);
      if (i < 0) return -1;
      i = skipSpace(b, i, end);
      if (i >= end) return -1;
      if (b[i] === COMMA) i = skipSpace(b, i + 1, end);
      else if (b[i] === CLOSE_BRACE) return i + 1;
      else return -1;
    }
  }
  if (code === OPEN_BRACKET) {
    if (depth > MAX_DEPTH) return -1;
    i = skipSpace(b, i + 1, end);
    if (i < end && b[i] === CLOSE_BRACKET) return i + 1;
    for (;;) {
      i = skipValue(b, i, end, depth + 1);
      if (i < 0) return -1;
      i = skipSpace(b, i, end);
      if (i >= end) return -1;
      if (b[i] === COMMA) i = skipSpace(b, i + 1, end);
      else if (b[i] === CLOSE_BRACKET) return i + 1;
      else return -1;
    }
  }
  if (code === 116) return word(b, i, end, 'true');
  if (code === 102) return word(b, i, end, 'false');
  if (code === 110) return word(b, i, end, 'null');
  return scanNumber(b, i, end);
}

/** The value in [start, stop), already checked by skipValue (whose flags are still set). */
function pickedValue(b: Buffer, start: number, stop: number): unknown {
  const code = b[start];
  if (code === QUOTE) {
    if (stringFlags === 0) return b.toString('latin1', start + 1, stop - 1);
    if (stringFlags === NON_ASCII) return b.toString('utf8', start + 1, stop - 1);
    return JSON.parse(b.toString('utf8', start, stop));
  }
  if (code === 116) return true;
  if (code === 102) return false;
  if (code === 110) return null;
  if (code === OPEN_BRACE || code === OPEN_BRACKET) return JSON.parse(b.toString('utf8', start, stop));
  return Number.isNaN(exactNumber) ? Number(b.toString('latin1', start, stop)) : exactNumber;
}

/** Key shapes (length and first byte) are looked up in a table for keys up to this long; longer keys are never asked for. */
const MAX_KEY_BYTES = 64;

/**
 * A picker for these keys. Its answer, when not undefined, has exactly the keys among `keys` that the object has,
 * each with the value JSON.parse gives it (the last one when a key repeats). Only space and tab count as white space:
 * the bytes are one line, so they hold no line end.
 */
export function createKeyPicker(keys: readonly string[]): KeyPicker {
  if (keys.includes('__proto__')) throw new Error('__proto__ cannot be picked into a plain object');
  const keyBytes = keys.map((key) => Buffer.from(key, 'utf8'));
  if (keyBytes.some((bytes) => bytes.length === 0 || bytes.length > MAX_KEY_BYTES))
    throw new Error(`keys to pick are 1 to ${MAX_KEY_BYTES} bytes long`);
  // candidates by length and first byte (1 + the key's index, 0 none; a chain for keys of the same shape), then
  // confirmed byte by byte
  const firstOfShape = new Int32Array((MAX_KEY_BYTES + 1) * 256);
  const nextOfShape = new Int32Array(keys.length);
  for (let k = keys.length - 1; k >= 0; k--) {
    const bytes = keyBytes[k] as Buffer;
    const shape = bytes.length * 256 + (bytes[0] as number);
    nextOfShape[k] = firstOfShape[shape] as number;
    firstOfShape[shape] = k + 1;
  }

  const keyAt = (b: Buffer, start: number, stop: number): number => {
    const length = stop - start;
    if (length === 0 || length > MAX_KEY_BYTES) return -1;
    for (let candidate = firstOfShape[length * 256 + (b[start] as number)] as number; candidate !== 0; ) {
      const k = candidate - 1;
      const bytes = keyBytes[k] as Buffer;
      let j = 1;
      while (j < length && bytes[j] === b[start + j]) j++;
      if (j === length) return k;
      candidate = nextOfShape[k] as number;
    }
    return -1;
  };

  return (b, start, end) => {
    let i = skipSpace(b, start, end);
    if (i >= end || b[i] !== OPEN_BRACE) return undefined;
    const out: Record<string, unknown> = {};
    i = skipSpace(b, i + 1, end);
    if (i < end && b[i] === CLOSE_BRACE) i++;
    else
      for (;;) {
        if (i >= end || b[i] !== QUOTE) return undefined;
        const keyStart = i + 1;
        i = scanString(b, keyStart, end);
        if (i < 0 || (stringFlags & ESCAPED) !== 0) return undefined;
        const k = keyAt(b, keyStart, i - 1);
        i = skipSpace(b, i, end);
        if (i >= end || b[i] !== COLON) return undefined;
        const valueStart = skipSpace(b, i + 1, end);
        i = skipValue(b, valueStart, end, 1);
        if (i < 0) return undefined;
        if (k >= 0) out[keys[k] as string] = pickedValue(b, valueStart, i);
        i = skipSpace(b, i, end);
        if (i >= end) return undefined;
        if (b[i] === COMMA) i = skipSpace(b, i + 1, end);
        else if (b[i] === CLOSE_BRACE) {
          i++;
          break;
        } else return undefined;
      }
    return skipSpace(b, i, end) === end ? out : undefined;
  };
}
