// Tells whether an account (by platform + id) was seen before in this input, so duplicates are counted once and reported.
import type { Account } from '../core/account.ts';

const TWO_32 = 2 ** 32;

/** The 52-bit hash of `platform:id` the set keeps (never 0): the same in every thread and process. */
export function accountHash(account: Account): number {
  const key = `${account.platform}:${account.id}`;
  let low = 0x811c9dc5;
  let high = 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    low = Math.imul(low ^ code, 0x01000193);
    high = Math.imul(high ^ code, 0x5bd1e995);
    high ^= high >>> 15;
  }
  low = (Math.imul(low ^ (low >>> 16), 0x85ebca6b) ^ (low >>> 13)) >>> 0;
  high = (Math.imul(high ^ (high >>> 13), 0xc2b2ae35) ^ (high >>> 16)) & 0xfffff;
  return high * TWO_32 + low || 1;
}

/**
 * An open-addressing set of 52-bit hashes of `platform:id`, held exactly in a Float64Array (8 bytes a slot, at
 * most 80 % full). A false "seen" needs two different accounts to share all 52 bits: at 5M followers that is
 * expected about 0.003 times. Hashes, not strings, because a set of 5M id strings would hold hundreds of MB.
 */
export class DuplicateAccounts {
  private slots = new Float64Array(1 << 12);
  private size = 0;
  /** How many accounts repeated an earlier one. */
  duplicates = 0;

  /** A set holding these hashes already (from `accountHash`): the followers seen in parts read elsewhere. */
  constructor(preloaded: Iterable<number> = []) {
    for (const hash of preloaded) this.insert(hash);
  }

  /** True when this platform + id was already seen (and counts it); false the first time. */
  repeats(account: Account): boolean {
    if (this.insert(accountHash(account))) return false;
    this.duplicates++;
    return true;
  }

  /** Adds a hash from `accountHash`: false when it was held already. */
  add(hash: number): boolean {
    return this.insert(hash);
  }

  has(hash: number): boolean {
    const mask = this.slots.length - 1;
    for (let slot = (hash % TWO_32) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot] as number;
      if (held === hash) return true;
      if (held === 0) return false;
    }
  }

  /** Every hash held, packed (to send to another thread). */
  hashes(): Float64Array {
    const packed = new Float64Array(this.size);
    let next = 0;
    for (const hash of this.slots) if (hash !== 0) packed[next++] = hash;
    return packed;
  }

  /** Adds the hash; false when it was there already. The slot comes from the hash's low 32 bits. */
  private insert(hash: number): boolean {
    const mask = this.slots.length - 1;
    for (let slot = (hash % TWO_32) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot] as number;
      if (held === hash) return false;
      if (held === 0) {
        this.slots[slot] = hash;
        this.size++;
        if (this.size * 5 > this.slots.length * 4) this.grow();
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.size = 0;
    for (const hash of old) if (hash !== 0) this.insert(hash);
  }
}
