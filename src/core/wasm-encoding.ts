// The few pieces of the WebAssembly binary format (https://webassembly.github.io/spec/core/binary/) that realreach's modules (the tree walk, the JSON key picker's scan) need: LEB128 numbers, vectors, sections, and the opcodes they use, named.

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Opcodes by their names in the text format (SIMD ones after their 0xfd prefix), and the immediates each takes. */
const OPCODES: Record<
  string,
  [opcode: number | readonly number[], immediate?: 'block' | 'index' | 'function' | 'memory' | 'i32' | 'f64']
> = {
  block: [0x02, 'block'],
  loop: [0x03, 'block'],
  if: [0x04, 'block'],
  else: [0x05],
  end: [0x0b],
  br: [0x0c, 'index'],
  br_if: [0x0d, 'index'],
  return: [0x0f],
  call: [0x10, 'function'],
  select: [0x1b],
  'local.get': [0x20, 'index'],
  'local.set': [0x21, 'index'],
  'local.tee': [0x22, 'index'],
  'i32.load': [0x28, 'memory'],
  'f64.load': [0x2b, 'memory'],
  'i32.load8_u': [0x2d, 'memory'],
  'i32.store': [0x36, 'memory'],
  'f64.store': [0x39, 'memory'],
  'i32.const': [0x41, 'i32'],
  'f64.const': [0x44, 'f64'],
  'i32.eqz': [0x45],
  'i32.eq': [0x46],
  'i32.ne': [0x47],
  'i32.lt_s': [0x48],
  'i32.lt_u': [0x49],
  'i32.gt_s': [0x4a],
  'i32.gt_u': [0x4b],
  'i32.le_s': [0x4c],
  'i32.le_u': [0x4d],
  'i32.ge_s': [0x4e],
  'i32.ge_u': [0x4f],
  'f64.eq': [0x61],
  'f64.gt': [0x64],
  'i32.ctz': [0x68],
  'i32.add': [0x6a],
  'i32.sub': [0x6b],
  'i32.mul': [0x6c],
  'i32.and': [0x71],
  'i32.or': [0x72],
  'i32.xor': [0x73],
  'i32.shl': [0x74],
  'f64.neg': [0x9a],
  'f64.add': [0xa0],
  'f64.mul': [0xa2],
  'f64.convert_i32_u': [0xb8],
  'v128.load': [[0xfd, 0x00], 'memory'],
  'i8x16.splat': [[0xfd, 0x0f]],
  'i8x16.eq': [[0xfd, 0x23]],
  'i8x16.lt_u': [[0xfd, 0x26]],
  'v128.or': [[0xfd, 0x50]],
  'i8x16.bitmask': [[0xfd, 0x64]],
};

/** The natural alignment (log2 bytes) of each memory access. */
const ALIGN: Record<string, number> = {
  'i32.load': 2,
  'f64.load': 3,
  'i32.load8_u': 0,
  'i32.store': 2,
  'f64.store': 3,
  'v128.load': 0,
};

/**
 * Instructions written in the text format's flat form, one or more a line: `local.get $name` (a local by name),
 * `f64.load offset=8`, `i32.const -1`, `f64.const inf`, `br_if 0`, `call $name` (a function of the module by name);
 * blocks, loops and ifs leave nothing on the stack. `;;` starts a comment.
 */
export function instructions(
  text: string,
  locals: ReadonlyMap<string, number>,
  functions: ReadonlyMap<string, number> = new Map(),
): number[] {
  const tokens = text
    .replace(/;;[^\n]*/g, '')
    .split(/\s+/)
    .filter((token) => token !== '');
  const bytes: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const found = OPCODES[token];
    if (found === undefined) throw new Error(`wasm: unknown instruction ${token}`);
    const [opcode, immediate] = found;
    if (typeof opcode === 'number') bytes.push(opcode);
    else bytes.push(...opcode);
    if (immediate === 'block') {
      bytes.push(0x40);
    } else if (immediate === 'memory') {
      const offset = /^offset=(\d+)$/.exec(tokens[i + 1] ?? '');
      if (offset) i++;
      bytes.push(ALIGN[token] as number, ...unsigned(offset ? Number(offset[1]) : 0));
    } else if (immediate !== undefined) {
      const operand = tokens[++i] ?? '';
      if (immediate === 'f64')
        bytes.push(
          ...f64Bytes(operand === 'inf' ? Infinity : operand === '-inf' ? -Infinity : Number(operand)),
        );
      else if (immediate === 'i32') bytes.push(...signed(Number(operand)));
      else if (immediate === 'function') {
        const index = functions.get(operand.replace(/^\$/, ''));
        if (index === undefined) throw new Error(`wasm: unknown function ${operand}`);
        bytes.push(...unsigned(index));
      } else if (operand.startsWith('$')) {
        const index = locals.get(operand.slice(1));
        if (index === undefined) throw new Error(`wasm: unknown local ${operand}`);
        bytes.push(...unsigned(index));
      } else bytes.push(...unsigned(Number(operand)));
    }
  }
  return bytes;
}

export function unsigned(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

export function signed(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

export function f64Bytes(value: number): number[] {
  return Array.from(new Uint8Array(Float64Array.of(value).buffer));
}

export function name(text: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...unsigned(bytes.length), ...bytes];
}

export function vector(items: readonly number[][]): number[] {
  return [...unsigned(items.length), ...items.flat()];
}

export function section(id: number, content: readonly number[]): number[] {
  return [id, ...unsigned(content.length), ...content];
}

/** A function of a module: its parameters and locals by name and type (i32, f64 or v128), its result's type when it has one, and its body in text. */
export interface WasmFunction {
  name: string;
  params: readonly [string, number][];
  result?: number;
  locals: readonly [string, number][];
  body: string;
}

/** A module of functions over one imported memory (`env.memory`), each exported by name. */
export function wasmModule(memoryPages: number, functions: readonly WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [
    0x60,
    ...vector(f.params.map(([, type]) => [type])),
    ...(f.result === undefined ? [0] : [1, f.result]),
  ]);
  const indices = new Map(functions.map((f, index) => [f.name, index]));
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, ...unsigned(memoryPages)]])),
    ...section(3, vector(functions.map((_, index) => unsigned(index)))),
    ...section(7, vector(functions.map((f, index) => [...name(f.name), 0x00, ...unsigned(index)]))),
    ...section(
      10,
      vector(
        functions.map((f) => {
          const names = new Map([...f.params, ...f.locals].map(([local], index) => [local, index]));
          const body = instructions(f.body, names, indices);
          const code = [...vector(f.locals.map(([, type]) => [1, type])), ...body, 0x0b];
          return [...unsigned(code.length), ...code];
        }),
      ),
    ),
  ];
  return Uint8Array.from(bytes);
}
