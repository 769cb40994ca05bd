// The cursor of a follower page: the p(fake) and list position of the page's last row, as an opaque base64url string.

export interface FollowerCursor {
  pFake: number;
  position: number;
}

/** A cursor that was not made by encodeFollowerCursor: the caller sent something else. */
export class InvalidCursorError extends Error {
  constructor(cursor: string) {
    super(`not a follower page cursor: "${cursor}"`);
    this.name = 'InvalidCursorError';
  }
}

export function encodeFollowerCursor(cursor: FollowerCursor): string {
  return Buffer.from(JSON.stringify([cursor.pFake, cursor.position])).toString('base64url');
}

export function decodeFollowerCursor(text: string): FollowerCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError(text);
  }
  if (!Array.isArray(value) || value.length !== 2) throw new InvalidCursorError(text);
  const [pFake, position] = value as unknown[];
  if (
    typeof pFake !== 'number' ||
    !Number.isFinite(pFake) ||
    !Number.isSafeInteger(position) ||
    Number(position) < 0
  )
    throw new InvalidCursorError(text);
  return { pFake, position: position as number };
}
