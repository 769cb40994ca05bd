// The few pieces of the WebAssembly binary format (https://webassembly.github.io/spec/core/binary/) that the tree
// walk's module needs: LEB128 numbers, vectors, sections, and the opcodes it uses, named.

export const I32 = 0x7f;
export const F64 = 0x7c;

/** Opcodes by their names in the text format, and the immediates each takes. */
const OPCODES: Record<string, [opcode: number, immediate?: 'block' | 'index' | 'memory' | 'i32' | 'f64']> = {
  block: [0x02, 'block'],
  loop: [0x03, 'block'],
  if: [0x04, 'block'],
  else: [0x05],
  end: [0x0b],
  br: [0x0c, 'index'],
  br_if: [0x0d, 'index'],
  select: [0x1b],
  'local.get': [0x20, 'index'],
  'local.set': [0x21, 'index'],
  'local.tee': [0x22, 'index'],
  'i32.load': [0x28, 'memory'],
  'f64.load': [0x2b, 'memory'],
  'f64.store': [0x39, 'memory'],
  'i32.const': [0x41, 'i32'],
  'f64.const': [0x44, 'f64'],
  'i32.lt_s': [0x48],
  'i32.ge_s': [0x4e],
  'f64.eq': [0x61],
  'f64.gt': [0x64],
  'i32.add': [0x6a],
  'i32.sub': [0x6b],
  'i32.mul': [0x6c],
  'i32.shl': [0x74],
  'f64.add': [0xa0],
};

/** The natural alignment (log2 bytes) of each memory access. */
const ALIGN: Record<string, number> = { 'i32.load': 2, 'f64.load': 3, 'f64.store': 3 };

/**
 * Instructions written in the text format's flat form, one or more a line: `local.get $name` (a local by name),
 * `f64.load offset=8`, `i32.const -1`, `f64.const inf`, `br_if 0`; blocks, loops and ifs leave nothing on the stack.
 * `;;` starts a comment.
 */
export function instructions(text: string, locals: ReadonlyMap<string, number>): number[] {
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
    bytes.push(opcode);
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
      else if (operand.startsWith('$')) {
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

/** A function of a module: its parameters and locals by name and type (i32 or f64), and its body in text. */
export interface WasmFunction {
  name: string;
  params: readonly [string, number][];
  locals: readonly [string, number][];
  body: string;
}

/** A module of functions (none returns a value) over one imported memory (`env.memory`), each exported by name. */
export function wasmModule(memoryPages: number, functions: readonly WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map(([, type]) => [type])), 0]);
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
          const body = instructions(f.body, names);
          const code = [...vector(f.locals.map(([, type]) => [1, type])), ...body, 0x0b];
          return [...unsigned(code.length), ...code];
        }),
      ),
    ),
  ];
  return Uint8Array.from(bytes);
}
