import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTarget, redirectLocation, redirectTemplate } from './tracked-target.ts';

describe('tracked link targets', () => {
  it('registers absolute http(s) URLs only', () => {
    assert.deepEqual(checkTarget('https://shop.example/x?a=1'), {
      ok: true,
      url: 'https://shop.example/x?a=1',
    });
    assert.equal(checkTarget('HTTP://Shop.Example').ok, true);
    for (const bad of [
      '/relative/path',
      '//evil.example/x',
      'evil.example/x',
      'javascript:alert(1)',
      'data:text/html,hi',
      'https:%2F%2Fevil.example',
      'https:/evil.example',
      'https:\\\\evil.example',
      'https://user:pw@shop.example/',
      'ftp://files.example/',
      ' https://a.example/\nx',
      'https://shop.example/?rr_click=forged',
      '',
    ])
      assert.equal(checkTarget(bad).ok, false, bad);
  });
  it('appends the click id to the registered target, before its fragment, keeping its query', () => {
    const cases: [string, string][] = [
      ['https://shop.example/x', 'https://shop.example/x?rr_click=abc12345'],
      ['https://shop.example/x?a=1&b=%20', 'https://shop.example/x?a=1&b=%20&rr_click=abc12345'],
      ['https://shop.example/x#top', 'https://shop.example/x?rr_click=abc12345#top'],
      ['https://shop.example', 'https://shop.example/?rr_click=abc12345'],
    ];
    for (const [target, location] of cases) {
      const checked = checkTarget(target);
      assert.ok(checked.ok);
      assert.equal(redirectLocation(redirectTemplate(checked.url), 'abc12345'), location);
    }
  });
});
