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

/** The default cap on one record (a JSONL line, an array element, a document): far above any profile or API page. */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;

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

/**
 * JSONL: one value a line; blank lines are skipped; LF, CRLF and lone CR end a line. Linear in the input: a line
 * spanning chunks is kept as pieces and joined once, and a line over the cap is dropped as it streams (reported at
 * its line) while the lines after it are read.
 */
async function* splitLines(
  chunks: AsyncIterable<string>,
  maxChars: number,
  ended: { lines: number },
): AsyncGenerator<JsonFrame[]> {
  let pieces: string[] = [];
  let pendingChars = 0;
  let skipping = false;
  let pendingCr = false;
  let line = 0;
  for await (const chunk of chunks) {
    const batch: JsonFrame[] = [];
    let start = 0;
    if (pendingCr) {
      pendingCr = false;
      if (chunk.charCodeAt(0) === 10) start = 1;
    }
    let lf = chunk.indexOf('\n', start);
    let cr = chunk.indexOf('\r', start);
    while (lf >= 0 || cr >= 0) {
      const end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      let next = end + 1;
      if (end === cr) {
        if (end + 1 < chunk.length) {
          if (chunk.charCodeAt(end + 1) === 10) next = end + 2;
        } else pendingCr = true;
      }
      line++;
      if (skipping) skipping = false;
      else {
        const piece = chunk.slice(start, end);
        if (pendingChars + piece.length > maxChars) {
          batch.push({ line, reason: `a line longer than ${maxChars} characters (skipped)` });
        } else {
          const text = pieces.length > 0 ? pieces.join('') + piece : piece;
          if (text.trim().length > 0) batch.push({ text, line });
        }
      }
      pieces = [];
      pendingChars = 0;
      start = next;
      if (lf >= 0 && lf < start) lf = chunk.indexOf('\n', start);
      if (cr >= 0 && cr < start) cr = chunk.indexOf('\r', start);
    }
    if (!skipping && start < chunk.length) {
      const piece = chunk.slice(start);
      pendingChars += piece.length;
      pieces.push(piece);
      if (pendingChars > maxChars) {
        batch.push({ line: line + 1, reason: `a line longer than ${maxChars} characters (skipped)` });
        pieces = [];
        pendingChars = 0;
        skipping = true;
      }
    }
    ended.lines = line;
    if (batch.length > 0) yield batch;
  }
  if (!skipping && pieces.length > 0) {
    const text = pieces.join('');
    if (text.trim().length > 0) yield [{ text, line: line + 1 }];
  }
}

const QUOTE = 34;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const SEMICOLON = 59;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * Walks the structure of an array's elements or of concatenated documents, tracking strings and nesting,
 * and cuts the text at each value's end. Values are parsed later, one at a time, so a broken one costs
 * only itself. Linear in the input: each character is looked at once, a value spanning chunks is kept as
 * pieces and joined once, and a value over the cap is walked to its end without being kept, then reported.
 */
async function* splitValues(
  chunks: AsyncIterable<string>,
  layout: 'array' | 'documents',
  maxChars: number,
): AsyncGenerator<JsonFrame[]> {
  const isArray = layout === 'array';
  let line = 1; // line of the character in hand
  let opened = !isArray; // array: the opening '[' was seen
  let closed = false; // array: the closing ']' was seen
  let index = 0;
  let depth = 0;
  let inString = false;
  let escaped = false; // in a string, the previous character was an unescaped backslash
  let inValue = false;
  let oversized = false; // the value in hand is over the cap: walked, not kept
  let pieces: string[] = []; // the value in hand from earlier chunks
  let pieceChars = 0;
  let valueLine = 0;

  for await (const chunk of chunks) {
    const batch: JsonFrame[] = [];
    let valueStart = inValue ? 0 : -1; // where the value in hand starts in this chunk
    const finish = (end: number) => {
      if (oversized) {
        batch.push(
          isArray
            ? { line: valueLine, index, reason: `a JSON value longer than ${maxChars} characters (skipped)` }
            : { line: valueLine, reason: `a JSON value longer than ${maxChars} characters (skipped)` },
        );
      } else {
        const piece = chunk.slice(valueStart, end);
        const text = pieces.length > 0 ? pieces.join('') + piece : piece;
        batch.push(isArray ? { text, line: valueLine, index } : { text, line: valueLine });
      }
      index++;
      inValue = false;
      oversized = false;
      pieces = [];
      pieceChars = 0;
      valueStart = -1;
    };
    const length = chunk.length;
    for (let i = 0; i < length; i++) {
      if (inString) {
        if (escaped) {
          escaped = false;
          continue;
        }
        // jump to the next quote or backslash: the string's body needs no look
        let quote = chunk.indexOf('"', i);
        const slash = chunk.indexOf('\\', i);
        if (slash >= 0 && (quote < 0 || slash < quote)) {
          for (let j = i; j < slash; j++) if (chunk.charCodeAt(j) === 10) line++;
          i = slash;
          escaped = true;
          continue;
        }
        if (quote < 0) quote = length;
        for (let j = i; j < quote; j++) if (chunk.charCodeAt(j) === 10) line++;
        i = quote;
        if (quote < length) inString = false;
        continue;
      }
      const code = chunk.charCodeAt(i);
      if (code === 10) line++;
      if (!inValue) {
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
          if (code === SEMICOLON) continue;
          batch.push({ line, reason: 'unexpected text after the closing "]" of the array' });
          yield batch;
          return;
        }
        if (isArray && code === COMMA) continue;
        if (isArray && code === CLOSE_BRACKET) {
          closed = true;
          continue;
        }
        inValue = true;
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
          if (depth === 0) finish(i + 1);
        } else if (isArray && code === CLOSE_BRACKET) {
          finish(i); // a scalar element right before the closing bracket
          closed = true;
        } else {
          batch.push({ line, reason: `unbalanced "${String.fromCharCode(code)}"` });
          yield batch;
          return;
        }
      } else if (depth === 0 && (isArray ? code === COMMA : isSpace(code))) {
        finish(i); // the end of a scalar value
      }
    }
    if (inValue && !oversized) {
      const piece = chunk.slice(valueStart);
      pieces.push(piece);
      pieceChars += piece.length;
      if (pieceChars > maxChars) {
        oversized = true;
        pieces = [];
        pieceChars = 0;
      }
    }
    if (batch.length > 0) yield batch;
  }
  if (inValue && depth === 0 && !inString) {
    if (oversized)
      yield [{ line: valueLine, reason: `a JSON value longer than ${maxChars} characters (skipped)` }];
    else
      yield [
        isArray
          ? { text: pieces.join(''), line: valueLine, index }
          : { text: pieces.join(''), line: valueLine },
      ];
  } else if (inValue) {
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
 * in batches: one batch per chunk of input, so the per-value cost stays synchronous. A value longer than
 * `maxChars` is reported at its line and skipped; reading goes on after it. For JSONL, `ended.lines` counts the line
 * ends read so far (LF, CRLF or a lone CR each).
 */
export function splitJson(
  chunks: AsyncIterable<string>,
  layout: JsonLayout,
  maxChars = MAX_RECORD_CHARS,
  ended: { lines: number } = { lines: 0 },
): AsyncGenerator<JsonFrame[]> {
  return layout === 'lines' ? splitLines(chunks, maxChars, ended) : splitValues(chunks, layout, maxChars);
}
