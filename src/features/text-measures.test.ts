// Tests for the text measures: hand-worked values, and the fast edit distance against a plain full-table one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  alphanumericSimilarity,
  characterEntropy,
  codePointLength,
  countDigits,
  countWords,
  handleEnd,
  handleStart,
  hasVisibleText,
} from './text-measures.ts';

/** The lowercased letters and digits of a text as UTF-16 units, the slow and obvious way. */
function referenceUnits(text: string): number[] {
  const kept = [...text].filter((char) => /^[\p{L}\p{N}]$/u.test(char));
  return kept
    .map((char) => (char.length === 1 && char < '\u0080' ? char.toLowerCase() : char))
    .join('')
    .split('')
    .map((unit) => unit.charCodeAt(0));
}

function referenceDistance(left: number[], right: number[]): number {
  const table = Array.from({ length: left.length + 1 }, (_, i) =>
    Array.from({ length: right.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= left.length; i++) {
    for (let j = 1; j <= right.length; j++) {
      const row = table[i] as number[];
      const above = table[i - 1] as number[];
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + (left[i - 1] === right[j - 1] ? 0 : 1),
      );
    }
  }
  return (table[left.length] as number[])[right.length] as number;
}

function referenceSimilarity(left: string, right: string): number {
  const a = referenceUnits(left);
  const b = referenceUnits(right);
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? Number.NaN : 1 - referenceDistance(a, b) / longer;
}

describe('codePointLength, countDigits, countWords', () => {
  it('counts an emoji and an accented letter once each', () => {
    assert.equal(codePointLength('héllo 🔥'), 7);
    assert.equal(codePointLength('héllo'), 5);
    assert.equal(codePointLength('🔥🔥x', 2, 5), 2);
    assert.equal('héllo 🔥'.length, 8);
  });
  it('measures only the given range', () => {
    assert.equal(codePointLength('@bob42@example.social', 1, 6), 5);
    assert.equal(countDigits('@bob42@example.social', 1, 6), 2);
  });
  it('counts the digits 0–9', () => {
    assert.equal(countDigits('a1b22c333'), 6);
    assert.equal(countDigits('a1b22c333', 2, 5), 2);
    assert.equal(countDigits('٣ is a digit elsewhere'), 0);
    assert.equal(countDigits('no digits'), 0);
  });
  it('tells visible text from whitespace', () => {
    assert.equal(hasVisibleText(' \u00a0\u3000\t'), false);
    assert.equal(hasVisibleText('  x '), true);
    assert.equal(hasVisibleText(''), false);
  });
  it('agrees with itself on what whitespace is', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', ' ', '\t', '\u0001', '\u00a0', '\u2003', '\ufeff', '\u200b'),
    });
    fc.assert(fc.property(text, (value) => hasVisibleText(value) === countWords(value) > 0));
  });
  it('counts words between any kind of whitespace', () => {
    assert.equal(countWords('  John \t Smith\u00a0Jr '), 3);
    assert.equal(countWords('   '), 0);
    assert.equal(countWords(''), 0);
  });
});

describe('handleStart and handleEnd', () => {
  it('drop a leading @ and an @server suffix', () => {
    const handle = '@alice@example.social';
    assert.equal(handle.slice(handleStart(handle), handleEnd(handle)), 'alice');
  });
  it('keep a plain handle whole', () => {
    assert.equal(handleStart('alice_99'), 0);
    assert.equal(handleEnd('alice_99'), 8);
    assert.equal(handleEnd('alice.bsky.social'), 5, 'a Bluesky handle measures without its hosting domain');
  });
});

describe('characterEntropy', () => {
  it('is 0 for one repeated character and log2(n) for n distinct ones', () => {
    assert.equal(characterEntropy('aaaa'), 0);
    assert.equal(characterEntropy('abcd'), 2);
  });
  it('ignores ASCII case', () => {
    assert.equal(characterEntropy('AaBb'), 1);
  });
  it('matches the formula on uneven counts, ASCII and not', () => {
    const expected = -((2 / 3) * Math.log2(2 / 3) + (1 / 3) * Math.log2(1 / 3));
    assert.ok(Math.abs(characterEntropy('aab') - expected) < 1e-12);
    assert.ok(Math.abs(characterEntropy('ééa') - expected) < 1e-12);
  });
  it('handles counts past its lookup table', () => {
    assert.ok(Math.abs(characterEntropy(`${'a'.repeat(100)}${'b'.repeat(100)}`) - 1) < 1e-12);
  });
  it('is NaN for an empty range', () => {
    assert.ok(Number.isNaN(characterEntropy('')));
    assert.ok(Number.isNaN(characterEntropy('@', 1, 1)));
  });
});

describe('alphanumericSimilarity', () => {
  it('is 1 for the same letters and digits in another case and spacing', () => {
    assert.equal(alphanumericSimilarity('John Smith', 'johnsmith'), 1);
    assert.equal(alphanumericSimilarity('Anna-Lena 2', 'annalena_2'), 1);
  });
  it('is 1 − distance ÷ longer length', () => {
    assert.equal(alphanumericSimilarity('kitten', 'sitting'), 1 - 3 / 7);
    assert.equal(alphanumericSimilarity('abc', 'xyz'), 0);
    assert.equal(alphanumericSimilarity('Maria', 'maria_g1990'), 5 / 10);
  });
  it('measures only the handle range', () => {
    assert.equal(alphanumericSimilarity('alice', '@alice@example.social', 1, 6), 1);
    assert.equal(alphanumericSimilarity('alice', '@alice@example.social', 0, 21), 5 / 18);
  });
  it('gives the same answer when asked twice in a row, and a fresh one for a new pair', () => {
    assert.equal(alphanumericSimilarity('kitten', 'sitting'), 1 - 3 / 7);
    assert.equal(alphanumericSimilarity('kitten', 'sitting'), 1 - 3 / 7);
    assert.equal(alphanumericSimilarity('kitten', 'sitting', 1), 1 - 3 / 6);
    assert.equal(alphanumericSimilarity('kitten', 'kitten'), 1);
  });
  it('is NaN when neither text has a letter or digit', () => {
    assert.ok(Number.isNaN(alphanumericSimilarity('🔥 ✨', '___')));
    assert.equal(alphanumericSimilarity('🔥', 'bob'), 0);
  });
  it('is exact around the 32-unit word of the bit-parallel distance', () => {
    for (const length of [31, 32, 33]) {
      const left = `x${'ab'.repeat(length)}`.slice(0, length);
      const right = `${'ba'.repeat(length)}y`.slice(1, length + 1);
      assert.equal(alphanumericSimilarity(left, right), referenceSimilarity(left, right), `length ${length}`);
      assert.equal(alphanumericSimilarity(right, `${left}zz`), referenceSimilarity(right, `${left}zz`));
    }
  });
  it('agrees with a full-table edit distance, short and long, ASCII and not', () => {
    const alphabet = fc.constantFrom('a', 'B', 'c', '1', ' ', '_', 'é', 'Ж', '𝓙', '🔥', '-');
    const text = fc.array(alphabet, { maxLength: 80 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(text, text, (left, right) => {
        const fast = alphanumericSimilarity(left, right);
        const slow = referenceSimilarity(left, right);
        assert.ok(
          Object.is(fast, slow) || Math.abs(fast - slow) < 1e-12,
          `${left} / ${right}: ${fast} ≠ ${slow}`,
        );
      }),
      { numRuns: 2000 },
    );
  });
});
