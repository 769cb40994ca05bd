// The visitor key: a hash of the day's random salt, the IP and the user agent — the IP itself is never kept.
import { createHash, randomBytes } from 'node:crypto';

/** A fresh random salt for one day (32 bytes, base64url); salts are deleted after their day, so keys cannot be reversed. */
export function newDailySalt(): string {
  return randomBytes(32).toString('base64url');
}

/** The UTC day of a time, "2026-11-29": the salt's key. */
export function utcDay(time: Date | number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** SHA-256 of salt, IP and user agent, first 16 bytes in base64url: the same visitor on the same day, nothing more. */
export function visitorKey(salt: string, ip: string, userAgent: string): string {
  return createHash('sha256')
    .update(salt)
    .update('\u0000')
    .update(ip)
    .update('\u0000')
    .update(userAgent)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/** The host of a Referer header, lower case, or null when absent or not a URL (the path may name a person: not kept). */
export function referrerHost(referer: string | undefined): string | null {
  if (referer === undefined || referer === '') return null;
  try {
    const host = new URL(referer).hostname.toLowerCase();
    return host === '' ? null : host.slice(0, 253);
  } catch {
    return null;
  }
}
