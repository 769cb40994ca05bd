import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signatureHeader, verifySignature } from './webhook-signature.ts';

const NOW = Date.UTC(2026, 10, 29, 12);
const T = NOW / 1000;
const BODY = '{"kind":"lead","orderId":"L-1"}';

describe('webhook signatures', () => {
  it('accepts a signature by any live secret (rotation) within the tolerance', () => {
    assert.equal(verifySignature(signatureHeader(['new'], T, BODY), BODY, ['old', 'new'], NOW).ok, true);
    assert.equal(
      verifySignature(signatureHeader(['old', 'other'], T - 299, BODY), BODY, ['old'], NOW).ok,
      true,
    );
  });
  it('refuses a wrong secret, a changed body, an old or future timestamp and a malformed header', () => {
    const check = (header: string | undefined, body = BODY) => {
      const result = verifySignature(header, body, ['secret'], NOW);
      return result.ok ? 'ok' : result.reason;
    };
    assert.equal(check(signatureHeader(['wrong'], T, BODY)), 'no-match');
    assert.equal(check(signatureHeader(['secret'], T, BODY), `${BODY} `), 'no-match');
    assert.equal(check(signatureHeader(['secret'], T - 301, BODY)), 'too-old');
    assert.equal(check(signatureHeader(['secret'], T + 301, BODY)), 'in-the-future');
    assert.equal(check('v1=abc'), 'malformed');
    assert.equal(check(undefined), 'malformed');
    const unset = verifySignature(signatureHeader(['s'], T, BODY), BODY, [], NOW);
    assert.equal(unset.ok, false);
    // The operator reads this in the shop's delivery log: it names the setting that fixes it.
    assert.match(unset.ok ? '' : unset.detail, /REALREACH_WEBHOOK_SECRETS=/);
  });
});
