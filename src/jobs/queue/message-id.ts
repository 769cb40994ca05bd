// Deterministic message ids: a UUID (version 5 layout) from a name such as `audit-shard:12:3`, so sending the same piece of work twice is kept once.
import { createHash } from 'node:crypto';

export function messageId(name: string): string {
  const hex = createHash('sha1').update(`realreach:${name}`).digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
