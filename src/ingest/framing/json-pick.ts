// Reads the named top-level keys of one JSON object straight from UTF-8 bytes, checking the rest is JSON as JSON.parse would: the JSONL reader's fast path.
//
// A follower record carries many fields a format never reads; JSON.parse builds every one of them as a JS value, on
// text decoded from the bytes first. This walks the bytes once (a WebAssembly scan: json-scan-wasm.ts), builds only
// the values of the keys asked for and only checks the others' syntax. Whenever it cannot be sure to give exactly what JSON.parse would (an escape in a
// key, a line it finds invalid, nesting too deep), it answers undefined and the reader parses the line as before —
// so an invalid record is rejected with JSON.parse's own message, and an accepted one maps to the same Account.

import { createJsonScan, MAX_KEY_BYTES, NON_ASCII, PICK_BYTES, PICKS } from './json-scan-wasm.ts';

const QUOTE = 34;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;

/** Picks keys from a JSON object held in bytes[start, end): a line without its line end. */
export type KeyPicker = (bytes: Buffer, start: number, end: number) => Record<string, unknown> | undefined;

/**
 * A buffer longer than this has only the line asked for copied into the scan's memory; a shorter one (the reader's
 * chunks) is copied whole, once for all its lines.
 */
const WHOLE_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * The text of b[start, end), ASCII. A short one is made here: Buffer#toString's call into C++ costs more than such a
 * string (most of a follower's strings are short: handles, names, places, ids). Written out by length on purpose: the
 * same calls through a loop, a spread or a helper measured no gain over Buffer#toString (commit ff9e50d).
 */
function asciiString(b: Buffer, start: number, end: number): string {
  switch (end - start) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(b[start] as number);
    case 2:
      return String.fromCharCode(b[start] as number, b[start + 1] as number);
    case 3:
      return String.fromCharCode(b[start] as number, b[start + 1] as number, b[start + 2] as number);
    case 4:
      return String.fromCharCode(
        b[start] as number,
        b[start + 1] as number,
        b[start + 2] as number,
        b[start + 3] as number,
      );
    case 5:
      return String.fromCharCode(
        b[start] as number,
        b[start + 1] as number,
        b[start + 2] as number,
        b[start + 3] as number,
        b[start + 4] as number,
      );
    case 6:
      return String.fromCharCode(
        b[start] as number,
        b[start + 1] as number,
        b[start + 2] as number,
        b[start + 3] as number,
        b[start + 4] as number,
        b[start + 5] as number,
      );
    case 7:
      return String.fromCharCode(
        b[start] as number,
        b[start + 1] as number,
        b[start + 2] as number,
        b[start + 3] as number,
        b[start + 4] as number,
        b[start + 5] as number,
        b[start + 6] as number,
      );
    case 8:
      return String.fromCharCode(
        b[start] as number,
        b[start + 1] as number,
        b[start + 2] as number,
        b[start + 3] as number,
        b[start + 4] as number,
        b[start + 5] as number,
        b[start + 6] as number,
        b[start + 7] as number,
      );
    case 9:
      return String.fromCharCode(
        b[start] as number,
        b[start + 1] as number,
        b[start + 2] as number,
        b[start + 3] as number,
        b[start + 4] as number,
        b[start + 5] as number,
        b[start + 6] as number,
        b[start + 7] as number,
        b[start + 8] as number,
      );
    case 10:
      return String.fromCharCode(
        b[start] as number,
        b[start + 1] as number,
        b[start + 2] as number,
        b[start + 3] as number,
        b[start + 4] as number,
        b[start + 5] as number,
        b[start + 6] as number,
        b[start + 7] as number,
        b[start + 8] as number,
        b[start + 9] as number,
      );
    case 11:
      return String.fromCharCode(
        b[start] as number,
        b[start + 1] as number,
        b[start + 2] as number,
        b[start + 3] as number,
        b[start + 4] as number,
        b[start + 5] as number,
        b[start + 6] as number,
        b[start + 7] as number,
        b[start + 8] as number,
        b[start + 9] as number,
        b[start + 10] as number,
      );
    case 12:
      return String.fromCharCode(
        b[start] as number,
        b[start + 1] as number,
        b[start + 2] as number,
        b[start + 3] as number,
        b[start + 4] as number,
        b[start + 5] as number,
        b[start + 6] as number,
        b[start + 7] as number,
        b[start + 8] as number,
        b[start + 9] as number,
        b[start + 10] as number,
        b[start + 11] as number,
      );
    default:
      return b.toString('latin1', start, end);
  }
}

/** The value in [start, stop), already checked by the scan, which found its string's flags and exact number. */
function pickedValue(b: Buffer, start: number, stop: number, flags: number, exact: number): unknown {
  const code = b[start];
  if (code === QUOTE) {
    if (flags === 0) return asciiString(b, start + 1, stop - 1);
    if (flags === NON_ASCII) return b.toString('utf8', start + 1, stop - 1);
    return JSON.parse(b.toString('utf8', start, stop));
  }
  if (code === 116) return true;
  if (code === 102) return false;
  if (code === 110) return null;
  if (code === OPEN_BRACE || code === OPEN_BRACKET) return JSON.parse(b.toString('utf8', start, stop));
  if (Number.isNaN(exact)) return Number(b.toString('latin1', start, stop));
  // A whole number as a small integer (-0 stays -0): a double read from the scan's Float64Array is a heap number until
  // V8 optimises this, so the first records' counts made the count fields of every later record (and of the accounts
  // mapped from them) double fields, each a heap number of its own: 11 a follower of X.
  const whole = exact | 0;
  return whole === exact && (whole !== 0 || 1 / exact > 0) ? whole : exact;
}

/**
 * A picker for these keys. Its answer, when not undefined, has exactly the keys among `keys` that the object has,
 * each with the value JSON.parse gives it (the last one when a key repeats). Only space and tab count as white space:
 * the bytes are one line, so they hold no line end. A buffer's bytes are copied for the scan when it is first given
 * and read from that copy while the same buffer comes again: a caller must not change a buffer's bytes between calls.
 */
/**
 * Stores a value under the key of that index: a property store of its own for each key, so each store sees the few
 * shapes one format's records take at that point (one store keyed by a variable sees every shape, and V8 makes it a
 * generic lookup: 0.17 us a line of 19 keys, bench/hot-paths.ts's picker).
 */
function keyStores(
  keys: readonly string[],
): (out: Record<string, unknown>, key: number, value: unknown) => void {
  const cases = keys.map((key, k) => `case ${k}: out[${JSON.stringify(key)}] = value; return;`);
  return new Function('out', 'key', 'value', `switch (key) { ${cases.join(' ')} }`) as ReturnType<
    typeof keyStores
  >;
}

/** Makes a line's object from its values, in the order its keys came: one object literal for one order of keys. */
type ShapeMaker = (values: readonly unknown[]) => Record<string, unknown>;

interface Shape {
  /** The key numbers, in the order the line had them. */
  readonly keys: Int32Array;
  readonly make: ShapeMaker;
}

/**
 * A maker of objects with these keys in this order: an object literal, so V8 allocates each object at its final size
 * with its keys inside it. Built by stores from `{}`, an object of 19 keys grew its property storage five times (the
 * copies garbage). A key given twice is given twice here too: a literal keeps the last value at the first key's place,
 * as JSON.parse does.
 */
function shapeMaker(keys: readonly string[], order: Int32Array): ShapeMaker {
  const entries = Array.from(order, (key, p) => `${JSON.stringify(keys[key])}: v[${p}]`);
  return new Function('v', `return { ${entries.join(', ')} };`) as ShapeMaker;
}

/** Orders of keys a picker keeps a literal for; a line in another order has its object built by stores. */
const MAX_SHAPES = 32;

export function createKeyPicker(keys: readonly string[]): KeyPicker {
  if (keys.includes('__proto__')) throw new Error('__proto__ cannot be picked into a plain object');
  const keyBytes = keys.map((key) => Buffer.from(key, 'utf8'));
  if (keyBytes.some((bytes) => bytes.length === 0 || bytes.length > MAX_KEY_BYTES))
    throw new Error(`keys to pick are 1 to ${MAX_KEY_BYTES} bytes long`);
  const scan = createJsonScan(keyBytes);
  const store = keyStores(keys);
  const { dataAt } = scan;
  /** The buffer whose bytes are at dataAt, when a whole one is. */
  let copied: Buffer | undefined;
  /** The makers of the key orders seen, by a hash of the order; the last one used; a line's values and key numbers. */
  const shapes = new Map<number, Shape>();
  let last: Shape | undefined;
  const values: unknown[] = new Array(keys.length * 4).fill(undefined);
  const order = new Int32Array(keys.length * 4);

  /** The maker of this order of `count` keys (its hash given), made when new; undefined once MAX_SHAPES are kept. */
  const shapeOf = (count: number, hash: number): Shape | undefined => {
    const found = shapes.get(hash);
    if (found !== undefined && sameOrder(found.keys, order, count)) return found;
    if (found !== undefined || shapes.size >= MAX_SHAPES) return undefined;
    const shapeKeys = order.slice(0, count);
    const shape = { keys: shapeKeys, make: shapeMaker(keys, shapeKeys) };
    shapes.set(hash, shape);
    return shape;
  };

  return (b, start, end) => {
    let base: number;
    if (b === copied) base = dataAt;
    else if (b.length <= WHOLE_BUFFER_BYTES) {
      scan.reserve(b.length);
      scan.bytes.set(b, dataAt);
      copied = b;
      base = dataAt;
    } else {
      scan.reserve(end - start);
      scan.bytes.set(b.subarray(start, end), dataAt);
      copied = undefined;
      base = dataAt - start;
    }
    const count = scan.pick(base + start, base + end);
    if (count < 0) return undefined;
    const { ints, doubles } = scan;
    if (count > values.length) {
      const out: Record<string, unknown> = {};
      for (let p = 0; p < count; p++) {
        const at = (PICKS + p * PICK_BYTES) >> 2;
        store(
          out,
          ints[at] as number,
          pickedValue(
            b,
            (ints[at + 1] as number) - base,
            (ints[at + 2] as number) - base,
            ints[at + 3] as number,
            doubles[(at >> 1) + 2] as number,
          ),
        );
      }
      return out;
    }
    let hash = count;
    for (let p = 0; p < count; p++) {
      const at = (PICKS + p * PICK_BYTES) >> 2;
      const key = ints[at] as number;
      order[p] = key;
      hash = (Math.imul(hash, 31) + key) | 0;
      values[p] = pickedValue(
        b,
        (ints[at + 1] as number) - base,
        (ints[at + 2] as number) - base,
        ints[at + 3] as number,
        doubles[(at >> 1) + 2] as number,
      );
    }
    let shape = last;
    if (shape === undefined || !sameOrder(shape.keys, order, count)) {
      shape = shapeOf(count, hash);
      if (shape === undefined) {
        const out: Record<string, unknown> = {};
        for (let p = 0; p < count; p++) store(out, order[p] as number, values[p]);
        return out;
      }
      last = shape;
    }
    return shape.make(values);
  };
}

/** Whether `keys` are the first `count` of `order`. */
function sameOrder(keys: Int32Array, order: Int32Array, count: number): boolean {
  if (keys.length !== count) return false;
  for (let p = 0; p < count; p++) if (keys[p] !== order[p]) return false;
  return true;
}
