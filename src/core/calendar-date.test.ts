import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCalendarDay, startsWithCalendarDay } from './calendar-date.ts';

describe('calendar dates', () => {
  it('takes real days only, where Date.parse rolls 30 February over to March', () => {
    assert.equal(Number.isNaN(Date.parse('2026-02-30T00:00:00Z')), false);
    assert.equal(isCalendarDay('2026-02-28'), true);
    assert.equal(isCalendarDay('2024-02-29'), true);
    assert.equal(isCalendarDay('2026-02-29'), false);
    assert.equal(isCalendarDay('2026-02-30'), false);
    assert.equal(isCalendarDay('2026-13-01'), false);
    assert.equal(isCalendarDay('2026-04-31'), false);
    assert.equal(isCalendarDay('2026-4-1'), false);
    assert.equal(isCalendarDay('2026-04-01T00:00:00Z'), false);
    assert.equal(startsWithCalendarDay('2026-04-01T00:00:00Z'), true);
    assert.equal(startsWithCalendarDay('2026-02-30T12:00:00Z'), false);
    assert.equal(startsWithCalendarDay('yesterday'), false);
  });
});
