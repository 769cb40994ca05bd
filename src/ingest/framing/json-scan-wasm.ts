// The key picker's byte scan as a WebAssembly module: checks one JSONL line is a JSON object and finds where the values of the keys asked for lie.
import { F64, I32, V128, type WasmFunction, wasmModule } from '../../core/wasm-encoding.ts';

/**
 * Why WebAssembly: the scan in JavaScript took a fifth of an audit's CPU (a byte a step, each read bounds-checked);
 * here a string's body, most of a follower's bytes, is crossed sixteen bytes a step (SIMD compares find its quote,
 * backslash or control byte, and whether it holds bytes of multi-byte UTF-8), and the whole line is one call.
 * It answers exactly as the JavaScript scan did (json-pick.test.ts checks it against JSON.parse).
 *
 * Layout, in bytes of the scan's memory:
 * - [0, 16): what the last string scanned had (its flags: ESCAPED, NON_ASCII) and the last number's exact value.
 * - SHAPES: per key length (1 … MAX_KEY_BYTES) and first byte, 1 + the index of the first key of that shape (0 none).
 * - PICKS: what `pick` found, PICK_BYTES a key found: the key's index, its value's start and end, the flags of the
 *   value's string, the value's number when it is an integer of at most 15 digits (NaN otherwise).
 * - per key: 1 + the index of the next key of its shape, then where its bytes are; then the keys' bytes.
 * - from `dataAt` on: the bytes scanned, with at least SLACK bytes after them (a SIMD load reads 16 at once).
 */

/** Keys longer than this are never asked for. */
export const MAX_KEY_BYTES = 64;
/** A line with more keys asked for than this (a key repeated) is left to JSON.parse. */
export const MAX_PICKS = 512;
export const PICK_BYTES = 24;
/** Bytes past the end of the scanned bytes that a scan may read (and ignores). */
export const SLACK = 32;
/** String flags: a backslash escape, some multi-byte UTF-8. */
export const ESCAPED = 1;
export const NON_ASCII = 2;

const FLAGS = 0;
const EXACT = 8;
const SHAPES = 16;
export const PICKS = SHAPES + 4 * (MAX_KEY_BYTES + 1) * 256;
const KEYS_AT = PICKS + PICK_BYTES * MAX_PICKS;

/** Deeper nesting is left to JSON.parse (the scan recurses once a level). */
const MAX_DEPTH = 512;

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** `if <condition> then return -1`: the condition's i32 on the stack. */
const FAIL_IF = 'if i32.const -1 return end';

/** Moves $i over space and tab (not past $end); then, with $i before $end, $code holds the byte at $i. */
const SPACES = `
    block loop
      local.get $i  local.get $end  i32.ge_s  br_if 1
      local.get $i  i32.load8_u  local.tee $code  i32.const 32  i32.ne
      local.get $code  i32.const 9  i32.ne  i32.and  br_if 1
      local.get $i  i32.const 1  i32.add  local.set $i
      br 0
    end end`;

/** Moves $i past one byte and then over space and tab. */
const NEXT_THEN_SPACES = `local.get $i  i32.const 1  i32.add  local.set $i ${SPACES}`;

/** 1 when `code` is a hexadecimal digit. */
const isHex: WasmFunction = {
  name: 'isHex',
  params: [['code', I32]],
  result: I32,
  locals: [],
  body: `
    local.get $code  i32.const 48  i32.sub  i32.const 10  i32.lt_u
    local.get $code  i32.const 32  i32.or  i32.const 97  i32.sub  i32.const 6  i32.lt_u
    i32.or`,
};

const SIMPLE_ESCAPES = [QUOTE, BACKSLASH, 47, 98, 102, 110, 114, 116];

/**
 * From just after an opening quote to just after the closing one, or -1 when the string is not valid JSON before
 * `end`; its flags go to FLAGS. A stop (quote, backslash, control byte) at or past `end` means the string is not closed
 * within the line.
 */
const scanString: WasmFunction = {
  name: 'scanString',
  params: [
    ['i', I32],
    ['end', I32],
  ],
  result: I32,
  locals: [
    ['flags', I32],
    ['stops', I32],
    ['highs', I32],
    ['code', I32],
    ['bytes', V128],
  ],
  body: `
    loop
      local.get $i  v128.load  local.tee $bytes  i8x16.bitmask  local.set $highs
      local.get $bytes  i32.const ${QUOTE}  i8x16.splat  i8x16.eq
      local.get $bytes  i32.const ${BACKSLASH}  i8x16.splat  i8x16.eq  v128.or
      local.get $bytes  i32.const 32  i8x16.splat  i8x16.lt_u  v128.or
      i8x16.bitmask  local.tee $stops
      i32.eqz
      if
        local.get $highs  if local.get $flags  i32.const ${NON_ASCII}  i32.or  local.set $flags end
        local.get $i  i32.const 16  i32.add  local.tee $i  local.get $end  i32.ge_s  ${FAIL_IF}
        br 1
      end
      ;; the multi-byte UTF-8 before the stop
      local.get $highs  i32.const 1  local.get $stops  i32.ctz  local.tee $code  i32.shl  i32.const 1  i32.sub  i32.and
      if local.get $flags  i32.const ${NON_ASCII}  i32.or  local.set $flags end
      local.get $i  local.get $code  i32.add  local.tee $i  local.get $end  i32.ge_s  ${FAIL_IF}
      local.get $i  i32.load8_u  local.tee $code  i32.const ${QUOTE}  i32.eq
      if
        i32.const ${FLAGS}  local.get $flags  i32.store
        local.get $i  i32.const 1  i32.add  return
      end
      ;; a control byte
      local.get $code  i32.const ${BACKSLASH}  i32.ne  ${FAIL_IF}
      local.get $flags  i32.const ${ESCAPED}  i32.or  local.set $flags
      local.get $i  i32.const 1  i32.add  local.get $end  i32.ge_s  ${FAIL_IF}
      local.get $i  i32.load8_u offset=1  local.tee $code  i32.const 117  i32.eq
      if
        local.get $i  i32.const 6  i32.add  local.get $end  i32.gt_s  ${FAIL_IF}
        ${[2, 3, 4, 5].map((at) => `local.get $i  i32.load8_u offset=${at}  call $isHex  i32.eqz  ${FAIL_IF}`).join('\n')}
        local.get $i  i32.const 6  i32.add  local.set $i
        br 1
      end
      ${SIMPLE_ESCAPES.map((code, k) => `local.get $code  i32.const ${code}  i32.eq${k > 0 ? '  i32.or' : ''}`).join('\n')}
      i32.eqz  ${FAIL_IF}
      local.get $i  i32.const 2  i32.add  local.set $i
      br 0
    end
    i32.const -1`,
};

/** `<condition>`: the byte in $code is a decimal digit and $i is before $end. */
const DIGIT_BEFORE_END =
  'local.get $i  local.get $end  i32.lt_s  local.get $code  i32.const 48  i32.sub  i32.const 10  i32.lt_u  i32.and';
/** Moves $i on and reads its byte into $code. */
const NEXT_CODE = 'local.get $i  i32.const 1  i32.add  local.tee $i  i32.load8_u  local.set $code';

/** A number from `i` (where a value starts, before `end`): where it ends, or -1; its exact value (or NaN) to EXACT. */
const scanNumber: WasmFunction = {
  name: 'scanNumber',
  params: [
    ['i', I32],
    ['end', I32],
  ],
  result: I32,
  locals: [
    ['code', I32],
    ['negative', I32],
    ['digits', I32],
    ['exact', I32],
    ['value', F64],
    ['result', F64],
  ],
  body: `
    local.get $i  i32.load8_u  local.tee $code  i32.const 45  i32.eq  local.tee $negative
    if
      local.get $i  i32.const 1  i32.add  local.tee $i  local.get $end  i32.ge_s  ${FAIL_IF}
      local.get $i  i32.load8_u  local.set $code
    end
    local.get $code  i32.const 48  i32.eq
    if
      ${NEXT_CODE}
      i32.const 1  local.set $digits
    else
      local.get $code  i32.const 48  i32.sub  i32.const 10  i32.ge_u  ${FAIL_IF}
      loop
        local.get $value  f64.const 10  f64.mul  local.get $code  i32.const 48  i32.sub  f64.convert_i32_u  f64.add  local.set $value
        local.get $digits  i32.const 1  i32.add  local.set $digits
        ${NEXT_CODE}
        ${DIGIT_BEFORE_END}  br_if 0
      end
    end
    local.get $digits  i32.const 15  i32.le_s  local.set $exact
    ;; a fraction
    local.get $i  local.get $end  i32.lt_s  local.get $code  i32.const 46  i32.eq  i32.and
    if
      i32.const 0  local.set $exact
      ${NEXT_CODE}
      ${DIGIT_BEFORE_END}  i32.eqz  ${FAIL_IF}
      loop ${NEXT_CODE}  ${DIGIT_BEFORE_END}  br_if 0 end
    end
    ;; an exponent: e or E
    local.get $i  local.get $end  i32.lt_s  local.get $code  i32.const 32  i32.or  i32.const 101  i32.eq  i32.and
    if
      i32.const 0  local.set $exact
      ${NEXT_CODE}
      local.get $code  i32.const 43  i32.eq  local.get $code  i32.const 45  i32.eq  i32.or
      if ${NEXT_CODE} end
      ${DIGIT_BEFORE_END}  i32.eqz  ${FAIL_IF}
      loop ${NEXT_CODE}  ${DIGIT_BEFORE_END}  br_if 0 end
    end
    local.get $i  local.get $end  i32.gt_s  ${FAIL_IF}
    f64.const nan  local.set $result
    local.get $exact
    if
      local.get $value  local.set $result
      local.get $negative  if local.get $value  f64.neg  local.set $result end
    end
    i32.const ${EXACT}  local.get $result  f64.store
    local.get $i`,
};

/** Where the literal `letters` ends when it is at `i` (before `end`), else -1. */
function literal(letters: string): string {
  return `
    local.get $i  i32.const ${letters.length}  i32.add  local.get $end  i32.gt_s  ${FAIL_IF}
    ${Array.from(letters, (letter, at) => `local.get $i  i32.load8_u offset=${at}  i32.const ${letter.charCodeAt(0)}  i32.ne  ${FAIL_IF}`).join('\n')}
    local.get $i  i32.const ${letters.length}  i32.add  return`;
}

/** Moves $i over space and tab; then, with $i before $end, the byte there is in $code (else -1). */
const SPACE_THEN_CODE = `${SPACES}  local.get $i  local.get $end  i32.ge_s  ${FAIL_IF}`;

/** Checks one value from `i`; returns where it ends, or -1. */
const skipValue: WasmFunction = {
  name: 'skipValue',
  params: [
    ['i', I32],
    ['end', I32],
    ['depth', I32],
  ],
  result: I32,
  locals: [['code', I32]],
  body: `
    local.get $i  local.get $end  i32.ge_s  ${FAIL_IF}
    local.get $i  i32.load8_u  local.tee $code  i32.const ${QUOTE}  i32.eq
    if local.get $i  i32.const 1  i32.add  local.get $end  call $scanString  return end
    local.get $code  i32.const ${OPEN_BRACE}  i32.eq
    if
      local.get $depth  i32.const ${MAX_DEPTH}  i32.gt_s  ${FAIL_IF}
      ${NEXT_THEN_SPACES}
      local.get $i  local.get $end  i32.lt_s
      if
        local.get $i  i32.load8_u  i32.const ${CLOSE_BRACE}  i32.eq
        if local.get $i  i32.const 1  i32.add  return end
      end
      loop
        local.get $i  local.get $end  i32.ge_s  ${FAIL_IF}
        local.get $i  i32.load8_u  i32.const ${QUOTE}  i32.ne  ${FAIL_IF}
        local.get $i  i32.const 1  i32.add  local.get $end  call $scanString  local.tee $i  i32.const 0  i32.lt_s  ${FAIL_IF}
        ${SPACE_THEN_CODE}
        local.get $code  i32.const ${COLON}  i32.ne  ${FAIL_IF}
        ${NEXT_THEN_SPACES}
        local.get $i  local.get $end  local.get $depth  i32.const 1  i32.add  call $skipValue
        local.tee $i  i32.const 0  i32.lt_s  ${FAIL_IF}
        ${SPACE_THEN_CODE}
        local.get $code  i32.const ${COMMA}  i32.eq
        if ${NEXT_THEN_SPACES}  br 1 end
        local.get $code  i32.const ${CLOSE_BRACE}  i32.eq
        if local.get $i  i32.const 1  i32.add  return end
        i32.const -1  return
      end
    end
    local.get $code  i32.const ${OPEN_BRACKET}  i32.eq
    if
      local.get $depth  i32.const ${MAX_DEPTH}  i32.gt_s  ${FAIL_IF}
      ${NEXT_THEN_SPACES}
      local.get $i  local.get $end  i32.lt_s
      if
        local.get $i  i32.load8_u  i32.const ${CLOSE_BRACKET}  i32.eq
        if local.get $i  i32.const 1  i32.add  return end
      end
      loop
        local.get $i  local.get $end  local.get $depth  i32.const 1  i32.add  call $skipValue
        local.tee $i  i32.const 0  i32.lt_s  ${FAIL_IF}
        ${SPACE_THEN_CODE}
        local.get $code  i32.const ${COMMA}  i32.eq
        if ${NEXT_THEN_SPACES}  br 1 end
        local.get $code  i32.const ${CLOSE_BRACKET}  i32.eq
        if local.get $i  i32.const 1  i32.add  return end
        i32.const -1  return
      end
    end
    local.get $code  i32.const 116  i32.eq  if ${literal('true')} end
    local.get $code  i32.const 102  i32.eq  if ${literal('false')} end
    local.get $code  i32.const 110  i32.eq  if ${literal('null')} end
    local.get $i  local.get $end  call $scanNumber`,
};

/** The layout of a key set's tables: where each table starts. */
function keyTables(keyCount: number): { nextAt: number; bytesOffsetAt: number; keyBytesAt: number } {
  const nextAt = KEYS_AT;
  const bytesOffsetAt = nextAt + 4 * keyCount;
  return { nextAt, bytesOffsetAt, keyBytesAt: bytesOffsetAt + 4 * keyCount };
}

/** The index of the key asked for whose bytes are [start, stop), or -1. */
function keyAt(keyCount: number): WasmFunction {
  const { nextAt, bytesOffsetAt } = keyTables(keyCount);
  return {
    name: 'keyAt',
    params: [
      ['start', I32],
      ['stop', I32],
    ],
    result: I32,
    locals: [
      ['length', I32],
      ['candidate', I32],
      ['key', I32],
      ['keyBytes', I32],
      ['j', I32],
    ],
    body: `
      local.get $stop  local.get $start  i32.sub  local.tee $length  i32.eqz  ${FAIL_IF}
      local.get $length  i32.const ${MAX_KEY_BYTES}  i32.gt_s  ${FAIL_IF}
      local.get $length  i32.const 8  i32.shl  local.get $start  i32.load8_u  i32.add  i32.const 2  i32.shl
      i32.load offset=${SHAPES}  local.set $candidate
      block loop
        local.get $candidate  i32.eqz  br_if 1
        local.get $candidate  i32.const 1  i32.sub  local.tee $key  i32.const 2  i32.shl  i32.load offset=${bytesOffsetAt}  local.set $keyBytes
        ;; four bytes at a time, then the last one to three under a mask
        i32.const 0  local.set $j
        block loop
          local.get $j  i32.const 4  i32.add  local.get $length  i32.gt_s  br_if 1
          local.get $keyBytes  local.get $j  i32.add  i32.load
          local.get $start  local.get $j  i32.add  i32.load  i32.ne  br_if 1
          local.get $j  i32.const 4  i32.add  local.set $j
          br 0
        end end
        local.get $j  i32.const 4  i32.add  local.get $length  i32.gt_s
        if
          local.get $keyBytes  local.get $j  i32.add  i32.load
          local.get $start  local.get $j  i32.add  i32.load  i32.xor
          i32.const 1  local.get $length  local.get $j  i32.sub  i32.const 3  i32.shl  i32.shl  i32.const 1  i32.sub  i32.and
          i32.eqz  if local.get $key  return end
        end
        local.get $key  i32.const 2  i32.shl  i32.load offset=${nextAt}  local.set $candidate
        br 0
      end end
      i32.const -1`,
  };
}

/**
 * pick(start, end): the object in [start, end) (a line without its line end; only space and tab count as white
 * space), checked as JSON.parse would; how many keys asked for it has (each at PICKS, in order, repeats included),
 * or -1 when it is not sure to give what JSON.parse would (not valid, not an object, an escape in a key, nesting too
 * deep, too many keys asked for).
 */
const pick: WasmFunction = {
  name: 'pick',
  params: [
    ['start', I32],
    ['end', I32],
  ],
  result: I32,
  locals: [
    ['i', I32],
    ['code', I32],
    ['count', I32],
    ['keyStart', I32],
    ['key', I32],
    ['valueStart', I32],
    ['at', I32],
  ],
  body: `
    local.get $start  local.set $i
    ${SPACE_THEN_CODE}
    local.get $code  i32.const ${OPEN_BRACE}  i32.ne  ${FAIL_IF}
    ${NEXT_THEN_SPACES}
    block
      local.get $i  local.get $end  i32.lt_s
      if
        local.get $i  i32.load8_u  i32.const ${CLOSE_BRACE}  i32.eq
        if local.get $i  i32.const 1  i32.add  local.set $i  br 2 end
      end
      loop
        local.get $i  local.get $end  i32.ge_s  ${FAIL_IF}
        local.get $i  i32.load8_u  i32.const ${QUOTE}  i32.ne  ${FAIL_IF}
        local.get $i  i32.const 1  i32.add  local.tee $keyStart  local.get $end  call $scanString  local.tee $i  i32.const 0  i32.lt_s  ${FAIL_IF}
        i32.const ${FLAGS}  i32.load  i32.const ${ESCAPED}  i32.and  ${FAIL_IF}
        local.get $keyStart  local.get $i  i32.const 1  i32.sub  call $keyAt  local.set $key
        ${SPACE_THEN_CODE}
        local.get $code  i32.const ${COLON}  i32.ne  ${FAIL_IF}
        ${NEXT_THEN_SPACES}
        local.get $i  local.tee $valueStart  local.get $end  i32.const 1  call $skipValue  local.tee $i  i32.const 0  i32.lt_s  ${FAIL_IF}
        local.get $key  i32.const 0  i32.ge_s
        if
          local.get $count  i32.const ${MAX_PICKS}  i32.ge_s  ${FAIL_IF}
          local.get $count  i32.const ${PICK_BYTES}  i32.mul  i32.const ${PICKS}  i32.add  local.tee $at  local.get $key  i32.store
          local.get $at  local.get $valueStart  i32.store offset=4
          local.get $at  local.get $i  i32.store offset=8
          local.get $at  i32.const ${FLAGS}  i32.load  i32.store offset=12
          local.get $at  i32.const ${EXACT}  f64.load  f64.store offset=16
          local.get $count  i32.const 1  i32.add  local.set $count
        end
        ${SPACE_THEN_CODE}
        local.get $code  i32.const ${COMMA}  i32.eq
        if ${NEXT_THEN_SPACES}  br 1 end
        local.get $code  i32.const ${CLOSE_BRACE}  i32.eq
        if local.get $i  i32.const 1  i32.add  local.set $i  br 2 end
        i32.const -1  return
      end
    end
    ${SPACES}
    local.get $i  local.get $end  i32.eq
    if local.get $count  return end
    i32.const -1`,
};

const PAGE = 65_536;
/** Room for the bytes scanned at first: the reader's chunks (source.ts) are 256 KiB. */
const FIRST_DATA_BYTES = 256 * 1024 + SLACK;

/** A scan for one set of keys, in its own memory. */
export interface JsonScan {
  /** pick(start, end) over the memory's bytes: see `pick` above. */
  pick(start: number, end: number): number;
  /** Where the scanned bytes go. */
  readonly dataAt: number;
  /** The memory's bytes, ints and doubles (new views once it grows). */
  bytes: Uint8Array;
  ints: Int32Array;
  doubles: Float64Array;
  /** Makes room for `length` bytes at `dataAt` (and SLACK after them). */
  reserve(length: number): void;
}

const modules = new Map<number, WebAssembly.Module>();

/** The module for a key set of this size (its tables' places depend on it), compiled once per thread. */
function compiledScan(keyCount: number): WebAssembly.Module {
  let module = modules.get(keyCount);
  if (!module) {
    module = new WebAssembly.Module(
      wasmModule(1, [pick, isHex, scanString, scanNumber, skipValue, keyAt(keyCount)]),
    );
    modules.set(keyCount, module);
  }
  return module;
}

/** A scan for these keys (each 1 to MAX_KEY_BYTES bytes of UTF-8). */
export function createJsonScan(keyBytes: readonly Uint8Array[]): JsonScan {
  const { nextAt, bytesOffsetAt, keyBytesAt } = keyTables(keyBytes.length);
  // keyAt reads a key's bytes four at a time: up to three bytes past the last key's, still before dataAt
  const keysEnd = keyBytesAt + keyBytes.reduce((sum, bytes) => sum + bytes.length, 0) + 4;
  const dataAt = Math.ceil(keysEnd / PAGE) * PAGE;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((dataAt + FIRST_DATA_BYTES) / PAGE) });
  const bytes = new Uint8Array(memory.buffer);
  const ints = new Int32Array(memory.buffer);
  // candidates by length and first byte, then a chain through the keys of the same shape, confirmed byte by byte
  for (let k = keyBytes.length - 1; k >= 0; k--) {
    const key = keyBytes[k] as Uint8Array;
    const shape = (SHAPES >> 2) + key.length * 256 + (key[0] as number);
    ints[(nextAt >> 2) + k] = ints[shape] as number;
    ints[shape] = k + 1;
  }
  let at = keyBytesAt;
  keyBytes.forEach((key, k) => {
    ints[(bytesOffsetAt >> 2) + k] = at;
    bytes.set(key, at);
    at += key.length;
  });
  const instance = new WebAssembly.Instance(compiledScan(keyBytes.length), { env: { memory } });
  const scan: JsonScan = {
    pick: instance.exports.pick as JsonScan['pick'],
    dataAt,
    bytes,
    ints,
    doubles: new Float64Array(memory.buffer),
    reserve(length) {
      const needed = dataAt + length + SLACK;
      if (needed <= memory.buffer.byteLength) return;
      memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
      scan.bytes = new Uint8Array(memory.buffer);
      scan.ints = new Int32Array(memory.buffer);
      scan.doubles = new Float64Array(memory.buffer);
    },
  };
  return scan;
}
