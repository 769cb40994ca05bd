// Splits JSON text into top-level values without holding the whole input: JSONL lines, the elements of a top-level array, or concatenated documents.

export type JsonLayout = 'lines' | 'array' | 'documents';

/** The text of one JSON value and where it starts. */
export interface JsonValueText {
  text: string;
  /** 1-based line of the value's first character. */
  line: number;
  /** 0-based element index, for the elements of a top-level array. */
  index?: number;
}

/** A structural problem that ends the scan (unterminated value, text after the closing bracket). */
export interface JsonFramingError {
  line: number;
  index?: number;
  reason: string;
}

export type JsonFrame = JsonValueText | JsonFramingError;

export function isFramingError(frame: JsonFrame): frame is JsonFramingError {
  return 'reason' in frame;
}

/** A single document larger than this is refused rather than held in memory (arrays and JSONL stream). */
export const MAX_DOCUMENT_CHARS = 256 * 1024 * 1024;

/** Picks the layout from the first characters: `[` is an array; a first line that parses alone is JSONL. */
export function detectJsonLayout(head: string): JsonLayout | undefined {
  const start = head.search(/\S/);
  if (start < 0) return undefined;
  const first = head[start];
  if (first === '[') return 'array';
  if (first !== '{') return undefined;
  const end = head.indexOf('\n', start);
  const line = (end < 0 ? head.slice(start) : head.slice(start, end)).trim();
  try {
    JSON.parse(line);
    return 'lines';
  } catch {
    return 'documents';
  }
}

/** JSONL: one value a line; blank lines are skipped. */
async function* splitLines(chunks: AsyncIterable<string>): AsyncGenerator<JsonFrame[]> {
  let carry = '';
  let line = 0;
  for await (const chunk of chunks) {
    const batch: JsonFrame[] = [];
    const text = carry.length > 0 ? carry + chunk : chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      line++;
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (stop > start) {
        const value = text.slice(start, stop);
        if (value.trim().length > 0) batch.push({ text: value, line });
      }
      start = end + 1;
    }
    carry = text.slice(start);
    if (carry.length > MAX_DOCUMENT_CHARS) {
      batch.push({ line: line + 1, reason: `a line longer than ${MAX_DOCUMENT_CHARS} characters` });
      yield batch;
      return;
    }
    if (batch.length > 0) yield batch;
  }
  if (carry.trim().length > 0) yield [{ text: carry, line: line + 1 }];
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * Walks the structure of an array's elements or of concatenated documents, tracking strings and nesting,
 * and cuts the text at each value's end. Values are parsed later, one at a time, so a broken one costs
 * only itself; the buffer holds at most the value in hand.
 */
async function* splitValues(
  chunks: AsyncIterable<string>,
  layout: 'array' | 'documents',
): AsyncGenerator<JsonFrame[]> {
  const isArray = layout === 'array';
  let buffer = '';
  let scan = 0; // next character to look at
  let line = 1; // line of the character at `scan`
  let opened = !isArray; // array: the opening '[' was seen
  let closed = false; // array: the closing ']' was seen
  let index = 0;
  let depth = 0;
  let inString = false;
  let valueStart = -1; // start of the value in hand, or -1 between values
  let valueLine = 0;

  const cut = (end: number): JsonValueText => {
    const text = buffer.slice(valueStart, end);
    const frame: JsonValueText = isArray ? { text, line: valueLine, index } : { text, line: valueLine };
    index++;
    valueStart = -1;
    return frame;
  };

  for await (const chunk of chunks) {
    const batch: JsonFrame[] = [];
    const keep = valueStart >= 0 ? valueStart : scan;
    buffer = keep < buffer.length ? buffer.slice(keep) + chunk : chunk;
    scan -= keep;
    if (valueStart >= 0) valueStart = 0;
    const length = buffer.length;
    let i = scan;
    for (; i < length; i++) {
      if (inString) {
        const quote = buffer.indexOf('"', i);
        if (quote < 0) break;
        let slashes = 0;
        for (let j = quote - 1; j >= 0 && buffer.charCodeAt(j) === BACKSLASH; j--) slashes++;
        i = quote;
        if (slashes % 2 === 0) inString = false;
        continue;
      }
      const code = buffer.charCodeAt(i);
      if (code === 10) line++;
      if (valueStart < 0) {
        if (isSpace(code)) continue;
        if (!opened) {
          if (code !== OPEN_BRACKET) {
            batch.push({ line, reason: 'expected "[" at the start of a JSON array' });
            yield batch;
            return;
          }
          opened = true;
          continue;
        }
        if (closed) {
          // arrays one after another (`cat followers_*.json`) read as one; a statement's `;` ends it
          if (code === OPEN_BRACKET) {
            closed = false;
            continue;
          }
          if (code === 59) continue;
          batch.push({ line, reason: 'unexpected text after the closing "]" of the array' });
          yield batch;
          return;
        }
        if (isArray && code === COMMA) continue;
        if (isArray && code === CLOSE_BRACKET) {
          closed = true;
          continue;
        }
        valueStart = i;
        valueLine = line;
        depth = 0;
      }
      if (code === QUOTE) {
        inString = true;
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        depth++;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (depth > 0) {
          depth--;
          if (depth === 0) batch.push(cut(i + 1));
        } else if (isArray && code === CLOSE_BRACKET) {
          batch.push(cut(i)); // a scalar element right before the closing bracket
          closed = true;
        } else {
          batch.push({ line, reason: `unbalanced "${String.fromCharCode(code)}"` });
          yield batch;
          return;
        }
      } else if (depth === 0 && (isArray ? code === COMMA : isSpace(code))) {
        batch.push(cut(i)); // the end of a scalar value
      }
    }
    scan = length;
    if (valueStart >= 0 && scan - valueStart > MAX_DOCUMENT_CHARS) {
      batch.push({
        line: valueLine,
        reason: `a single JSON value longer than ${MAX_DOCUMENT_CHARS} characters`,
      });
      yield batch;
      return;
    }
    if (batch.length > 0) yield batch;
  }
  if (valueStart >= 0 && depth === 0 && !inString) {
    yield [cut(buffer.length)];
  } else if (valueStart >= 0) {
    yield [
      isArray
        ? { line: valueLine, index, reason: 'the input ends inside this value' }
        : { line: valueLine, reason: 'the input ends inside this value' },
    ];
  } else if (isArray && !closed) {
    yield [{ line, reason: opened ? 'the JSON array is not closed with "]"' : 'the input is empty' }];
  }
}

/**
 * The values of JSON text in the given layout, in order, each with its line (and index in an array),
 * in batches: one batch per chunk of input, so the per-value cost stays synchronous.
 */
export function splitJson(chunks: AsyncIterable<string>, layout: JsonLayout): AsyncGenerator<JsonFrame[]> {
  return layout === 'lines' ? splitLines(chunks) : splitValues(chunks, layout);
}
