// Signed conversion webhooks: HMAC-SHA256 over `<timestamp>.<body>`, sent as `t=<unix seconds>,v1=<hex>[,v1=…]` like Stripe's.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'realreach-signature';
export const DEFAULT_TOLERANCE_S = 300;

export type SignatureCheck =
  | { ok: true; timestamp: number; signature: string }
  | {
      ok: false;
      reason: 'malformed' | 'too-old' | 'in-the-future' | 'no-match' | 'no-secret';
      detail: string;
    };

export function signPayload(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header a sender sends: one `v1=` per secret, so a sender in the middle of a rotation can sign with both. */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${signPayload(secret, timestamp, body)}`)].join(
    ',',
  );
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2) as [string, string | undefined];
    if (value === undefined) continue;
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/**
 * Checks the header against every live secret (rotation: old and new are both live for a while), comparing every
 * pair in constant time, and the timestamp against `now` within the tolerance either way.
 */
export function verifySignature(
  header: string | undefined,
  body: string,
  secrets: readonly string[],
  nowMs: number,
  toleranceS: number = DEFAULT_TOLERANCE_S,
): SignatureCheck {
  if (secrets.length === 0)
    return {
      ok: false,
      reason: 'no-secret',
      detail:
        'the server has no webhook secret configured: start it with REALREACH_WEBHOOK_SECRETS=<secret>[,<older secret>] (README, "Signed webhook")',
    };
  const parsed = header === undefined ? undefined : parseHeader(header);
  if (parsed === undefined)
    return {
      ok: false,
      reason: 'malformed',
      detail: `expected a ${SIGNATURE_HEADER} header "t=<unix seconds>,v1=<hex HMAC-SHA256 of t.body>"`,
    };
  const age = nowMs / 1000 - parsed.timestamp;
  if (age > toleranceS)
    return {
      ok: false,
      reason: 'too-old',
      detail: `the signature is ${Math.round(age)} s old (at most ${toleranceS} s)`,
    };
  if (age < -toleranceS)
    return { ok: false, reason: 'in-the-future', detail: 'the signature is dated in the future' };
  let match: string | undefined;
  for (const secret of secrets) {
    const expected = Buffer.from(signPayload(secret, parsed.timestamp, body), 'hex');
    for (const signature of parsed.signatures) {
      if (timingSafeEqual(expected, Buffer.from(signature, 'hex'))) match = signature;
    }
  }
  if (match === undefined)
    return { ok: false, reason: 'no-match', detail: 'no signature matches any live webhook secret' };
  return { ok: true, timestamp: parsed.timestamp, signature: match };
}
