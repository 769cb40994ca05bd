import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectJsonLayout, type JsonFrame, splitJson } from './json-values.ts';

async function frames(
  parts: string[],
  layout: 'lines' | 'array' | 'documents',
  maxChars?: number,
): Promise<JsonFrame[]> {
  async function* chunks() {
    yield* parts;
  }
  const out: JsonFrame[] = [];
  for await (const batch of splitJson(chunks(), layout, maxChars)) out.push(...batch);
  return out;
}

describe('splitJson', () => {
  it('cuts array elements across chunk boundaries, inside strings and escapes', async () => {
    const text = '[{"a":1},\n{"b":"x\\"]}\\\\"},\n 3 ,{"c":[1,2]}]';
    const whole = await frames([text], 'array');
    for (let cut = 1; cut < text.length; cut++) {
      assert.deepEqual(await frames([text.slice(0, cut), text.slice(cut)], 'array'), whole, `cut at ${cut}`);
    }
    assert.deepEqual(
      whole.map((f) => ('text' in f ? [f.text.trim(), f.line, f.index] : f)),
      [
        ['{"a":1}', 1, 0],
        ['{"b":"x\\"]}\\\\"}', 2, 1],
        ['3', 3, 2],
        ['{"c":[1,2]}', 3, 3],
      ],
    );
  });

  it('splits pretty-printed concatenated documents with their first lines', async () => {
    const out = await frames(['{\n  "a": 1\n}\n{"b":\n 2}\n'], 'documents');
    assert.deepEqual(
      out.map((f) => ('text' in f ? f.line : -1)),
      [1, 4],
    );
  });

  it('reports an unterminated array and trailing text', async () => {
    assert.deepEqual(await frames(['[{"a":1},{"b":'], 'array'), [
      { text: '{"a":1}', line: 1, index: 0 },
      { line: 1, index: 1, reason: 'the input ends inside this value' },
    ]);
    const trailing = await frames(['[1]\nx'], 'array');
    assert.deepEqual(trailing.at(-1), {
      line: 2,
      reason: 'unexpected text after the closing "]" of the array',
    });
  });

  it('numbers JSONL lines, skipping blank ones and CRLF endings', async () => {
    const out = await frames(['{"a":1}\r\n\r\n{"b"', ':2}\n'], 'lines');
    assert.deepEqual(out, [
      { text: '{"a":1}', line: 1 },
      { text: '{"b":2}', line: 3 },
    ]);
  });
});

describe('the record-size cap', () => {
  it('skips a JSONL line over the cap, reported at its line, and reads the lines after it', async () => {
    const long = `{"a":"${'x'.repeat(5000)}"}`;
    const parts = ['{"a":1}\n', long.slice(0, 1500), long.slice(1500, 3000), long.slice(3000), '\n{"b":2}\n'];
    assert.deepEqual(await frames(parts, 'lines', 1000), [
      { text: '{"a":1}', line: 1 },
      { line: 2, reason: 'a line longer than 1000 characters (skipped)' },
      { text: '{"b":2}', line: 3 },
    ]);
  });

  it('skips an array element over the cap, reported with its index, and reads the elements after it', async () => {
    const long = `{"a":"${'x'.repeat(5000)}"}`;
    const text = `[{"a":1},\n${long},\n{"b":2}]`;
    const whole = await frames(
      [text.slice(0, 2000), text.slice(2000, 4000), text.slice(4000)],
      'array',
      1000,
    );
    assert.deepEqual(whole, [
      { text: '{"a":1}', line: 1, index: 0 },
      { line: 2, index: 1, reason: 'a JSON value longer than 1000 characters (skipped)' },
      { text: '{"b":2}', line: 3, index: 2 },
    ]);
  });

  it('reads lone CR and mixed line endings in JSONL without losing a line', async () => {
    assert.deepEqual(await frames(['{"a":1}\r{"b":2}\r', '\n{"c":3}\n\r{"d":4}'], 'lines'), [
      { text: '{"a":1}', line: 1 },
      { text: '{"b":2}', line: 2 },
      { text: '{"c":3}', line: 3 },
      { text: '{"d":4}', line: 5 },
    ]);
  });
});

describe('detectJsonLayout', () => {
  it('tells arrays, JSONL and documents apart', () => {
    assert.equal(detectJsonLayout('  [{"a":1}]'), 'array');
    assert.equal(detectJsonLayout('{"a":1}\n{"a":2}\n'), 'lines');
    assert.equal(detectJsonLayout('{\n "a": 1\n}'), 'documents');
    assert.equal(detectJsonLayout('id,name\n1,a'), undefined);
  });
});
