// The contract every follower-export format implements: how to recognise it and how to map one record to an Account.
import type { Account, Label, Platform } from '../core/account.ts';

/** An Account as a mapper builds it; the reader adds `source` (format, file, line). */
export type MappedAccount = Omit<Account, 'source'>;

export interface MappedRecord {
  account: MappedAccount;
  label?: Label;
}

/** What a mapper knows about the record in hand. One object is reused across records: read it, do not keep it. */
export interface RecordContext {
  /** The input as the user named it (`-` for stdin). */
  file: string;
  line?: number;
  index?: number;
  /** Labels loaded by the format's `prepare` (a sidecar file, the folder name), keyed by account id. */
  labels?: ReadonlyMap<string, Label>;
  /** A label that holds for every record of this input (the cresci folder it sits in). */
  inputLabel?: Label;
  /** The platform the user named (`--platform`), for exports that do not say (a plain CSV). */
  platform?: Platform;
}

/** What `prepare` is told about the input before reading starts. */
export interface InputInfo {
  /** Filesystem path, when the input is a file. */
  path?: string;
  display: string;
}

export interface Preparation {
  labels?: ReadonlyMap<string, Label>;
  inputLabel?: Label;
  /** Human-readable notes for `inspect` (where labels came from). */
  notes?: string[];
}

interface FormatBase {
  /** Stable name, used by `--format`. */
  name: string;
  /** One line for users. */
  title: string;
  platform: Platform;
  /** Where the field names come from (documentation page or dataset). */
  reference: string;
  /**
   * What a record can tell: whole profiles (the default), handles and follow times only (Instagram's export), or
   * ids only (X's archive). An audit says what thin data can and cannot judge, and offers `realreach hydrate`.
   */
  holds?: 'profiles' | 'handles' | 'ids';
  /** Loads what the format keeps beside the file (labels), once per input. */
  prepare?(input: InputInfo): Promise<Preparation>;
}

export interface JsonFormat extends FormatBase {
  framing: 'json';
  /** True when a parsed value (a JSONL line, an array element or a whole document) is of this format. */
  detect(value: unknown): boolean;
  /**
   * The records a value holds: a page's items (`{data: [...]}`, `{followers: [...]}`), or the value itself.
   * Throws a FieldError when the value is a page of the wrong shape.
   */
  records?(value: unknown): readonly unknown[];
  /** Maps one record; throws a FieldError naming the field at fault. */
  map(record: unknown, context: RecordContext): MappedRecord;
  /**
   * Every top-level key `map` reads of a record (when it reads no other): the JSONL reader then builds only these
   * from each line (json-pick.ts). A format with `records` is read whole.
   */
  keys?: readonly string[];
}

/** How a CSV format reads its first row: as its header, or as data of a known header-less layout. */
export interface CsvLayout {
  columns: string[];
  hasHeader: boolean;
}

export interface CsvFormat extends FormatBase {
  framing: 'csv';
  /**
   * Cells are passed as written: an unquoted empty cell is left out of the record (unknown) and a quoted `""` is
   * the empty string (known to be empty). Other formats get both as `""`.
   */
  quotedEmptyIsKnown?: boolean;
  /** Given the first row's cells, the layout when this format recognises them. */
  detect(firstRow: readonly string[]): CsvLayout | undefined;
  /**
   * Why a first row `detect` refuses is not this format, when it nearly is (the header's unknown columns): said in
   * the error, so a typo in a column name is named instead of "cannot recognise the format".
   */
  mismatch?(firstRow: readonly string[]): string | undefined;
  map(record: Readonly<Record<string, string>>, context: RecordContext): MappedRecord;
}

export type Format = JsonFormat | CsvFormat;
