// The key picker against JSON.parse: on random JSON, damaged JSON and hand-picked edge cases it gives exactly JSON.parse's values of the keys it picks, or leaves the line to JSON.parse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createKeyPicker } from './json-pick.ts';

const KEYS = ['id', 'name', 'count', 'flag', 'nested', 'list', 'é', 'a'];
const pick = createKeyPicker(KEYS);

/** What the picker must give for a line: JSON.parse's own keys among KEYS (in its order), or undefined when JSON.parse throws or the value is not an object. */
function expected(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, unknown> = {};
  // in JSON.parse's order (the line's), which the picker keeps
  for (const key of Object.keys(value))
    if (KEYS.includes(key)) out[key] = (value as Record<string, unknown>)[key];
  return out;
}

/** Picks from the line placed inside other bytes, as the reader holds it (a line end after it, a line before). */
function picked(text: string): Record<string, unknown> | undefined {
  const before = Buffer.from('{"id": "other line"}\n', 'utf8');
  const line = Buffer.from(text, 'utf8');
  const bytes = Buffer.concat([before, line, Buffer.from('\n{"name":"next"}', 'utf8')]);
  return pick(bytes, before.length, before.length + line.length);
}

function check(text: string): void {
  const answer = picked(text);
  const truth = expected(text);
  if (answer === undefined) {
    // left to JSON.parse: allowed, but never for a plain valid record (that is the fast path's whole point)
    return;
  }
  assert.notEqual(truth, undefined, `picked a line JSON.parse refuses: ${text}`);
  assert.deepEqual(answer, truth, text);
  assert.deepEqual(Object.keys(answer), Object.keys(truth as object), text);
}

const keyArbitrary = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 }));
const objectArbitrary = fc.dictionary(keyArbitrary, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });
/** JSON text as JSON.stringify writes it, and with space and tab around its tokens. */
const textArbitrary = fc
  .tuple(objectArbitrary, fc.constantFrom('', ' ', '\t', ' \t '))
  .map(([value, space]) =>
    JSON.stringify(value)
      .replace(/([,:{}[\]])/g, `${space}$1${space}`)
      .replace(/^/, space),
  );

describe('createKeyPicker', () => {
  it('gives the values JSON.parse gives, on random objects', () => {
    fc.assert(
      fc.property(textArbitrary, (text) => {
        check(text);
        // a valid record with no escape (the spacing may put a tab inside a string: then it is not valid) is picked
        if (expected(text) !== undefined && !text.includes('\\'))
          assert.notEqual(picked(text), undefined, text);
      }),
      { numRuns: 2000 },
    );
  });

  it('never accepts what JSON.parse refuses: random damage to valid records', () => {
    fc.assert(
      fc.property(
        textArbitrary,
        fc.nat(),
        fc.constantFrom(
          '',
          '"',
          '\\',
          ',',
          ':',
          '}',
          '{',
          ']',
          '[',
          '0',
          '-',
          '.',
          'e',
          'x',
          '\u0001',
          ' ',
          'n',
          't',
        ),
        fc.boolean(),
        (text, at, piece, replace) => {
          const place = text.length === 0 ? 0 : at % text.length;
          check(text.slice(0, place) + piece + text.slice(place + (replace ? 1 : 0)));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('gives the values JSON.parse gives, on long strings of any characters', () => {
    // the scan crosses a string sixteen bytes at a time: stops and multi-byte characters at every place in a block
    const text = fc.string({ maxLength: 80, unit: 'binary' });
    fc.assert(
      fc.property(text, text, (name, other) => {
        const line = JSON.stringify({ name, other, id: name.length });
        check(line);
        assert.notEqual(picked(line), undefined, line);
      }),
      { numRuns: 2000 },
    );
  });

  it('makes plain ASCII strings of every length exactly', () => {
    for (let length = 0; length <= 20; length++) {
      const text = Array.from({ length }, (_, k) => String.fromCharCode(32 + ((k * 37 + length) % 95))).join(
        '',
      );
      const line = JSON.stringify({ name: text, id: text.length });
      check(line);
      assert.equal(picked(line)?.name, text, line);
    }
  });

  it('reads every line of one buffer, and of buffers longer than its memory first holds', () => {
    for (const lines of [3, 6000, 60_000]) {
      const texts = Array.from(
        { length: lines },
        (_, i) =>
          `{"id":${i},"name":"n${'é'.repeat(i % 7)}${'x'.repeat(i % 41)}","list":[${i}],"count":${i * 1.5}}`,
      );
      const bytes = Buffer.from(`${texts.join('\n')}\n`, 'utf8');
      let start = 0;
      for (const text of texts) {
        const end = bytes.indexOf(10, start);
        assert.deepEqual(pick(bytes, start, end), expected(text), text);
        start = end + 1;
      }
    }
  });

  it('leaves a line with a key asked for repeated hundreds of times to JSON.parse, or gives its last value', () => {
    const text = `{${Array.from({ length: 600 }, (_, i) => `"id":${i}`).join(',')}}`;
    check(text);
  });

  it('handles numbers, escapes, repeats and white space exactly', () => {
    const cases = [
      '{}',
      ' {} ',
      '{"id":0}',
      '{"id":-0}',
      '{"id":123456789012345}',
      '{"id":1234567890123456789}',
      '{"id":12345678901234567890123}',
      '{"count":1.5e3,"flag":true,"a":false}',
      '{"count":-1E-2}',
      '{"count":1e400}',
      '{"id":null,"id":"second"}',
      '{"name":"caf\\u00e9 \\"quoted\\" \\\\ \\/ \\n"}',
      '{"name":"\\ud83d\\ude00 and a lone \\udfff"}',
      '{"name":"日本語 ✓"}',
      '{"é":1}',
      '{"\\u0069d":5}',
      '{"nested":{"a":[1,{"b":null}]},"list":[]}',
      '{"other":{"deep":[[[[]]]]},"id":"x"}',
      '{\t"id" :\t"x" , "name" : "y" }',
      '{"__proto__":{"id":1},"id":2}',
    ];
    for (const text of cases) {
      check(text);
      if (!text.includes('\\u0069d')) assert.notEqual(picked(text), undefined, text);
    }
  });

  it('leaves invalid lines to JSON.parse', () => {
    const refused = [
      '',
      '   ',
      '[]',
      '"text"',
      '1',
      '{',
      '{"id":1',
      '{"id":1,}',
      '{"id":01}',
      '{"id":1.}',
      '{"id":.5}',
      '{"id":-}',
      '{"id":1e}',
      '{"id":+1}',
      '{"id":tru}',
      '{"id":"a\tb"}',
      '{"id":"\\x"}',
      '{"id":"\\u12"}',
      '{"id":1} x',
      '{"id":1}{}',
      '{id:1}',
      "{'id':1}",
      '{"id":[1,]}',
      '{"id":NaN}',
    ];
    for (const text of refused) assert.equal(picked(text), undefined, text);
    const deep = `{"id":${'['.repeat(600)}${']'.repeat(600)}}`;
    assert.equal(picked(deep), undefined);
  });

  it('stops at the given end even when the bytes after it continue the value', () => {
    const bytes = Buffer.from('{"id":"ab"}cd"}', 'utf8');
    assert.equal(pick(bytes, 0, 8), undefined);
    assert.deepEqual(pick(Buffer.from('{"id":12}34', 'utf8'), 0, 9), { id: 12 });
    assert.equal(pick(Buffer.from('{"id":-', 'utf8'), 0, 7), undefined);
  });
});
