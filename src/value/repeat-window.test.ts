import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markRepeats, RepeatMemory } from './repeat-window.ts';

const MINUTE = 60_000;
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * MINUTE);

describe('repeats within the hour', () => {
  it('counts the first click of each visitor and link, then one per hour after it', () => {
    const hits = [
      { linkId: 1, visitorKey: 'a', at: at(0) },
      { linkId: 1, visitorKey: 'a', at: at(10) },
      { linkId: 2, visitorKey: 'a', at: at(11) },
      { linkId: 1, visitorKey: 'b', at: at(12) },
      { linkId: 1, visitorKey: 'a', at: at(59) },
      { linkId: 1, visitorKey: 'a', at: at(60) },
      { linkId: 1, visitorKey: 'a', at: at(61) },
    ];
    assert.deepEqual(markRepeats(hits), [false, true, false, false, true, false, true]);
  });
  it('gives the same answers as hits arrive, and forgets visitors after their hour', () => {
    const memory = new RepeatMemory();
    const answers = [0, 10, 60, 61, 200].map((minute) => memory.isRepeat(1, 'a', at(minute).getTime()));
    assert.deepEqual(answers, [false, true, false, true, false]);
    memory.isRepeat(1, 'b', at(400).getTime());
    assert.equal(memory.size, 1);
  });
});
