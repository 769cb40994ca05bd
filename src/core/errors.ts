// Errors as values with context: which file, which line or array index, which field, and why.

/** A record that could not be read or mapped to an Account. Reading goes on past it. */
export interface RecordError {
  file: string;
  /** 1-based line where the record starts, when known. */
  line?: number;
  /** 0-based index of the record in its JSON array or page, when it came from one. */
  index?: number;
  /** The field at fault (`followers_count`, `user.id`), or `(record)` when the record as a whole is bad. */
  field: string;
  reason: string;
}

/** `users.csv:12: followers_count: expected a count (a whole number >= 0), got "abc"` */
export function formatRecordError(error: RecordError): string {
  const where = [error.file, error.line === undefined ? undefined : String(error.line)]
    .filter((part) => part !== undefined)
    .join(':');
  const index = error.index === undefined ? '' : ` [${error.index}]`;
  return `${where}${index}: ${error.field}: ${error.reason}`;
}

/** Thrown by mappers for one field; the reader turns it into a RecordError with the file and line. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'FieldError';
  }
}

/** A failure of the whole input (unreadable file, unknown format): the command stops with this message. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * The error an input without one readable follower ends with. No record at all (a CSV with its header alone, an
 * empty JSON array) is told apart from records that were all rejected, which name the first.
 */
export function noFollowerRead(display: string, rejected: number, firstRejected?: string): InputError {
  if (rejected === 0)
    return new InputError(
      `${display}: no follower could be read: it holds no record (a CSV with its header alone, or an empty list)`,
    );
  return new InputError(
    `${display}: no follower could be read (${rejected} rejected${firstRejected ? `; first: ${firstRejected}` : ''})`,
  );
}

/** Why a file could not be opened, in words: "no such file (ENOENT)", not the bare code. */
export function cannotOpen(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a folder',
  };
  const why = code === undefined ? (error as Error).message : `${words[code] ?? 'failed'} (${code})`;
  return new InputError(`${path}: cannot open: ${why}`);
}
