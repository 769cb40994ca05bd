// Splits CSV text into rows of cells, streaming, recovering at the next line after a broken record so one bad quote costs that record alone.
//
// Hand-written rather than csv-parse: csv-parse cannot resume after an unclosed quote (the rest of the file becomes
// one field and is lost), and recovery needs the raw text of the record in hand to read it again from its second line.

export interface CsvRow {
  cells: string[];
  /** 1-based line where the row starts. */
  line: number;
  /** Indexes of cells written as a quoted empty `""` (absent when none): known-empty, unlike an empty cell. */
  quotedEmpty?: number[];
}

export interface CsvRowError {
  line: number;
  reason: string;
}

export type CsvFrame = CsvRow | CsvRowError;

export function isCsvRowError(frame: CsvFrame): frame is CsvRowError {
  return 'reason' in frame;
}

export interface CsvSplitOptions {
  /** A record longer than this is refused (reported at its line) and reading goes on at the next line. */
  maxRecordChars: number;
  /**
   * The number of fields a record must have (by default the first row's: the header's, or a header-less file's
   * first record). A record that spans several lines and has another count is taken for an unclosed quote: it is
   * reported and its lines after the first are read again.
   */
  expectedFields?: () => number | undefined;
  /**
   * Told at the input's end, before its last record is flushed: the line breaks read, and whether the input ended
   * inside a record (a part of a file whose end is no record boundary, as when a quoted field runs on past it).
   */
  ended?: { lines: number; insideRecord: boolean };
}

/** A quoted field spanning more lines than this is taken for an unclosed quote. */
export const MAX_RECORD_LINES = 1000;

/** Guesses the delimiter from the first line: comma, tab or semicolon, whichever occurs most outside quotes. */
export function detectDelimiter(head: string): string {
  const end = head.search(/[\r\n]/);
  const line = (end < 0 ? head : head.slice(0, end)).replace(/"[^"]*"/g, '');
  const counts = [',', '\t', ';'].map((delimiter) => [delimiter, line.split(delimiter).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]?.[1] ? counts[0][0] : ',';
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'afterQuote' | 'skipLine';

/** The incremental parser: feed text, take frames; `end` flushes the last record. */
class CsvSplitter {
  private readonly delimiter: number;
  private state: State = 'fieldStart';
  private cells: string[] = [];
  private quotedEmpty: number[] | undefined;
  /** The field in hand started with a quote. */
  private fieldQuoted = false;
  /** Pieces of the field in hand (a field can span chunks). */
  private field: string[] = [];
  /** Raw text of the record in hand, for reading it again from its second line. */
  private raw: string[] = [];
  private rawChars = 0;
  /** Offset in the record's raw text just after its first line break, or -1 while it has none. */
  private afterFirstBreak = -1;
  private recordLines = 0;
  /** A quote stood in an unquoted field after the record's first line break: the quotes went out of step. */
  private strayQuote = false;
  private recordLine = 1;
  private line = 1;
  /** The previous chunk ended with CR: a LF starting this one belongs to the same line break. */
  private pendingCr = false;
  private frames: CsvFrame[] = [];
  /** Fields in the first row read, the count every record should have. */
  private firstFields: number | undefined;

  constructor(
    delimiter: string,
    private readonly options: CsvSplitOptions,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  take(): CsvFrame[] {
    const frames = this.frames;
    this.frames = [];
    return frames;
  }

  feed(chunk: string): void {
    let text = chunk;
    while (text.length > 0) text = this.scan(text);
  }

  /** The line breaks read so far, and whether the input read so far ends inside a record. */
  position(): { lines: number; insideRecord: boolean } {
    const between =
      this.state === 'fieldStart' &&
      this.cells.length === 0 &&
      this.rawChars === 0 &&
      this.field.length === 0;
    return { lines: this.line - 1, insideRecord: !between || this.pendingCr };
  }

  end(): void {
    let rest = this.finish();
    while (rest !== undefined) {
      this.feed(rest);
      rest = this.finish();
    }
  }

  /** Flushes the record in hand at the end of the input; returns text to read again when it was broken. */
  private finish(): string | undefined {
    this.pendingCr = false;
    if (this.state === 'quoted') return this.fail('a quote opened in this record is never closed', '');
    if (this.state === 'skipLine') {
      this.resetRecord();
      return undefined;
    }
    if (this.state === 'fieldStart' && this.cells.length === 0 && this.rawChars === 0) return undefined;
    return this.endRecord('');
  }

  private pushCell(value: string): void {
    if (this.fieldQuoted && value === '') {
      this.quotedEmpty ??= [];
      this.quotedEmpty.push(this.cells.length);
    }
    this.cells.push(value);
    this.fieldQuoted = false;
  }

  private resetRecord(): void {
    this.cells = [];
    this.quotedEmpty = undefined;
    this.fieldQuoted = false;
    this.field = [];
    this.raw = [];
    this.rawChars = 0;
    this.afterFirstBreak = -1;
    this.recordLines = 0;
    this.strayQuote = false;
    this.state = 'fieldStart';
  }

  /**
   * Reports the record in hand as broken. A record on one line is skipped to the end of that line; one spanning
   * several lines is read again from its second line, whose text is returned (with `rest`, the unread input).
   */
  private fail(reason: string, rest: string): string | undefined {
    this.frames.push({ line: this.recordLine, reason });
    if (this.afterFirstBreak < 0) {
      this.resetRecord();
      this.state = 'skipLine';
      return rest;
    }
    const again = this.raw.join('').slice(this.afterFirstBreak);
    // a CR ending the chunk is in the text read again, and is decided again when it is reached
    this.pendingCr = false;
    this.line = this.recordLine + 1;
    this.resetRecord();
    this.recordLine = this.line;
    return again + rest;
  }

  /** Completes the record in hand; returns text to read again when its field count shows a runaway quote. */
  private endRecord(rest: string): string | undefined {
    this.pushCell(this.field.join(''));
    const { cells, quotedEmpty } = this;
    const expected = this.options.expectedFields?.() ?? this.firstFields;
    if (this.recordLines > 0 && expected !== undefined && cells.length !== expected) {
      return this.fail(
        `a quoted field runs over ${this.recordLines + 1} lines and leaves ${cells.length} fields, not ${expected}: an unclosed quote?`,
        rest,
      );
    }
    // The right count can be a coincidence: an unclosed quote closed by the opening quote of a field on a later line
    // leaves that field's closing quote standing in an unquoted field.
    if (this.strayQuote)
      return this.fail(
        `a quoted field runs over ${this.recordLines + 1} lines and a quote stands outside quotes after it: an unclosed quote?`,
        rest,
      );
    const blank = cells.length === 1 && (cells[0] as string).trim() === '';
    if (!blank) this.firstFields ??= cells.length;
    if (!blank)
      this.frames.push(
        quotedEmpty === undefined
          ? { cells, line: this.recordLine }
          : { cells, line: this.recordLine, quotedEmpty },
      );
    this.resetRecord();
    return undefined;
  }

  private keepRaw(piece: string): void {
    if (piece.length === 0) return;
    this.raw.push(piece);
    this.rawChars += piece.length;
  }

  /** Scans text until it is used up (returns '') or a broken record sends text back to be read again. */
  private scan(text: string): string {
    const delimiter = this.delimiter;
    const { maxRecordChars } = this.options;
    let i = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text.charCodeAt(0) === LF) {
        // the CR ended a line inside a quoted field, or ended a record (then the LF is no part of the next)
        if (this.state === 'quoted') {
          if (this.afterFirstBreak === this.rawChars) this.afterFirstBreak++;
          this.keepRaw('\n');
          this.field.push('\n');
        }
        i = 1;
      }
    }
    let pieceStart = i; // start of the raw text of the current record within `text`
    let fieldStart = i; // start of the field's text not yet pushed to `field`
    const length = text.length;
    const breakAt = (at: number): number => {
      // the length of the line break at `at` (1 or 2), or 0 at the end of the chunk after CR (decided by the next)
      if (text.charCodeAt(at) === CR) {
        if (at + 1 < length) return text.charCodeAt(at + 1) === LF ? 2 : 1;
        this.pendingCr = true;
        return 1;
      }
      return 1;
    };
    for (; i < length; i++) {
      const code = text.charCodeAt(i);
      switch (this.state) {
        case 'skipLine': {
          if (code === LF || code === CR) {
            const size = breakAt(i);
            this.line++;
            this.state = 'fieldStart';
            this.recordLine = this.line;
            i += size - 1;
            pieceStart = i + 1;
            fieldStart = i + 1;
          }
          continue;
        }
        case 'fieldStart':
          if (code === QUOTE) {
            this.state = 'quoted';
            this.fieldQuoted = true;
            fieldStart = i + 1;
            continue;
          }
          this.state = 'unquoted';
          fieldStart = i;
          i--; // the character starts an unquoted field: read it again in that state
          continue;
        case 'unquoted':
          if (code === delimiter) {
            this.field.push(text.slice(fieldStart, i));
            this.pushCell(this.field.join(''));
            this.field = [];
            this.state = 'fieldStart';
            fieldStart = i + 1;
          } else if (code === LF || code === CR) {
            this.field.push(text.slice(fieldStart, i));
            const size = breakAt(i);
            this.line++;
            this.keepRaw(text.slice(pieceStart, i + size));
            const again = this.endRecord(text.slice(i + size));
            this.recordLine = this.line;
            if (again !== undefined) return again;
            i += size - 1;
            pieceStart = i + 1;
            fieldStart = i + 1;
          } else if (code === QUOTE && this.afterFirstBreak >= 0) this.strayQuote = true;
          continue;
        case 'quoted':
          if (code === QUOTE) {
            this.field.push(text.slice(fieldStart, i));
            this.state = 'quoteInQuoted';
          } else if (code === LF || code === CR) {
            const size = breakAt(i);
            this.line++;
            this.recordLines++;
            if (this.afterFirstBreak < 0) this.afterFirstBreak = this.rawChars + (i + size - pieceStart);
            this.field.push(text.slice(fieldStart, i + size));
            i += size - 1;
            fieldStart = i + 1;
            if (this.recordLines > MAX_RECORD_LINES) {
              this.keepRaw(text.slice(pieceStart, i + 1));
              const again = this.fail(
                `a quoted field runs over more than ${MAX_RECORD_LINES} lines: an unclosed quote?`,
                text.slice(i + 1),
              );
              return again ?? '';
            }
          }
          continue;
        case 'quoteInQuoted':
          if (code === QUOTE) {
            this.state = 'quoted';
            fieldStart = i; // the second quote of "" is the literal one
            continue;
          }
          this.state = 'afterQuote';
          i--; // the quote closed the field: read the character again after it
          continue;
        case 'afterQuote':
          if (code === delimiter) {
            this.pushCell(this.field.join(''));
            this.field = [];
            this.state = 'fieldStart';
            fieldStart = i + 1;
          } else if (code === LF || code === CR) {
            const size = breakAt(i);
            this.line++;
            this.keepRaw(text.slice(pieceStart, i + size));
            const again = this.endRecord(text.slice(i + size));
            this.recordLine = this.line;
            if (again !== undefined) return again;
            i += size - 1;
            pieceStart = i + 1;
            fieldStart = i + 1;
          } else if (code !== SPACE && code !== TAB) {
            this.keepRaw(text.slice(pieceStart, i));
            const again = this.fail(
              `text after a closing quote (a quote inside a quoted field is written "")`,
              text.slice(i),
            );
            return again ?? '';
          }
          continue;
      }
    }
    if (this.state !== 'skipLine') {
      this.keepRaw(text.slice(pieceStart));
      if (this.state === 'unquoted' || this.state === 'quoted') this.field.push(text.slice(fieldStart));
      if (this.rawChars > maxRecordChars) {
        const reason = `a record longer than ${maxRecordChars} characters`;
        if (this.state === 'quoted' && this.afterFirstBreak >= 0) return this.fail(reason, '') ?? '';
        this.frames.push({ line: this.recordLine, reason });
        this.resetRecord();
        this.state = 'skipLine';
      }
    }
    return '';
  }
}

/** The rows of CSV text in order, in batches (one per chunk of input). */
export async function* splitCsv(
  chunks: AsyncIterable<string>,
  delimiter: string,
  options: CsvSplitOptions,
): AsyncGenerator<CsvFrame[]> {
  const splitter = new CsvSplitter(delimiter, options);
  for await (const chunk of chunks) {
    splitter.feed(chunk);
    const frames = splitter.take();
    if (frames.length > 0) yield frames;
  }
  if (options.ended) Object.assign(options.ended, splitter.position());
  splitter.end();
  const frames = splitter.take();
  if (frames.length > 0) yield frames;
}

/**
 * The rows of CSV text held whole (a small file: a review file, a history CSV), with the same recovery as
 * `splitCsv`: a broken record is reported at its line and costs that record alone. A byte-order mark is skipped.
 */
export function splitCsvText(text: string, delimiter: string, options: CsvSplitOptions): CsvFrame[] {
  const splitter = new CsvSplitter(delimiter, options);
  splitter.feed(text.replace(/^\uFEFF/, ''));
  splitter.end();
  return splitter.take();
}
