// API tokens: 32 random bytes shown once, kept only as their SHA-256 hash, and hashes compared in constant time.
// `crypto` is used through its module object so a test can watch the comparison go through timingSafeEqual.
import crypto from 'node:crypto';

export const TOKEN_PREFIX = 'rr_';

/** `rr_` and 32 random bytes in base64url: 46 characters, 256 bits of secret. */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
}

export const SESSION_PREFIX = 'rs_';

/** A dashboard session's secret: `rs_` and 32 random bytes in base64url. */
export function generateSessionSecret(): string {
  return `${SESSION_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
}

/** SHA-256 of the token, hex: what the store keeps instead of the token. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether two hex hashes are equal, taking the same time wherever they differ. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
