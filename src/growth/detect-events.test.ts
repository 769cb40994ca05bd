import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectEvents } from './detect-events.ts';
import { DAY_MS, dailySeries, dayNumber } from './follower-series.ts';
import { syntheticHistory } from './synthetic-history.ts';

/** A flat-growth series with the given extra change on chosen days (index = day). */
function seriesWith(days: number, extra: Record<number, number>, start = '2025-01-01') {
  const startMs = Date.parse(`${start}T12:00:00Z`);
  let followers = 10_000;
  const counts = [];
  for (let i = 0; i < days; i++) {
    // Deterministic noise of a few followers around 50 a day.
    if (i > 0) followers += 50 + ((i * 7919) % 11) - 5 + (extra[i] ?? 0);
    counts.push({ at: new Date(startMs + i * DAY_MS), followers });
  }
  return dailySeries(counts, 'observed', 'test');
}

describe('detectEvents', () => {
  it('finds a one-day spike and a drop with their dates and signed sizes, and nothing else', () => {
    const events = detectEvents(seriesWith(120, { 40: 900, 80: -700 }));
    assert.deepEqual(
      events.map((e) => [e.date, e.kind, Math.sign(e.size)]),
      [
        ['2025-02-10', 'spike', 1],
        ['2025-03-22', 'drop', -1],
      ],
    );
    assert.ok(Math.abs((events[0]?.size ?? 0) - 900) < 20);
  });

  it('labels a drop on the dates of a known purge', () => {
    const series = seriesWith(100, { 50: -2_000 }, '2018-05-23');
    const [drop] = detectEvents(series, { platform: 'x' });
    assert.equal(drop?.date, '2018-07-12');
    assert.match(drop?.purge ?? '', /Twitter/);
    assert.equal(detectEvents(series, { platform: 'mastodon' })[0]?.purge, undefined);
  });

  it('spreads a change between two snapshots over the gap and marks the event as in it', () => {
    const series = seriesWith(90, {});
    const days = series.days.filter((_, i) => i < 60 || i > 62);
    const counts = days.map((d, i) => ({
      at: new Date(`${d.date}T12:00:00Z`),
      followers: d.followers + (i >= 60 ? 3_000 : 0),
    }));
    const [event] = detectEvents(dailySeries(counts, 'observed', 'gap'));
    assert.equal(event?.kind, 'spike');
    assert.equal(event?.inGap, true);
    assert.ok(event?.endDate !== undefined);
  });

  it('judges a gap longer than the usual spacing as one span: one event for a rise inside it, none beside it', () => {
    // A daily history missing days 60–75, with 3,000 followers gained somewhere inside the gap.
    const series = seriesWith(150, { 66: 3_000 });
    const counts = series.days
      .map((d) => ({ at: new Date(`${d.date}T12:00:00Z`), followers: d.followers }))
      .filter((_, i) => i < 60 || i > 75);
    const events = detectEvents(dailySeries(counts, 'observed', 'gap of 16 days'));
    assert.deepEqual(
      events.map((e) => [e.date, e.endDate, e.kind, e.inGap]),
      [['2025-03-02', '2025-03-18', 'spike', true]],
    );
    assert.ok(Math.abs((events[0]?.size ?? 0) - 3_000) < 60, String(events[0]?.size));
    // The same gap over ordinary growth is no event, and does not make the days around it look unusual.
    const quiet = seriesWith(150, {})
      .days.map((d) => ({ at: new Date(`${d.date}T12:00:00Z`), followers: d.followers }))
      .filter((_, i) => i < 60 || i > 75);
    assert.deepEqual(detectEvents(dailySeries(quiet, 'observed', 'quiet gap')), []);
    // A purge inside a gap is a drop over the gap, named when it overlaps a known purge.
    const purge = seriesWith(100, { 50: -2_000 }, '2018-05-23')
      .days.map((d) => ({ at: new Date(`${d.date}T12:00:00Z`), followers: d.followers }))
      .filter((_, i) => i < 45 || i > 55);
    const [drop, ...others] = detectEvents(dailySeries(purge, 'observed', 'purge in a gap'), {
      platform: 'x',
    });
    assert.deepEqual(others, []);
    assert.equal(drop?.kind, 'drop');
    assert.match(drop?.purge ?? '', /Twitter/);
  });

  it('reads a gap longer than the baseline window against the days beyond it: the whole rise, no regime inside', () => {
    // 61 days without a snapshot, 3,000 followers gained inside: deeper than the 14-day window reaches.
    const counts = seriesWith(300, { 130: 3_000 })
      .days.map((d) => ({ at: new Date(`${d.date}T12:00:00Z`), followers: d.followers }))
      .filter((_, i) => i < 100 || i > 160);
    const events = detectEvents(dailySeries(counts, 'observed', 'gap of 61 days'));
    assert.deepEqual(
      events.map((e) => [e.date, e.endDate, e.kind]),
      [['2025-04-11', '2025-06-11', 'spike']],
    );
    assert.ok(Math.abs((events[0]?.size ?? 0) - 3_000) < 150, String(events[0]?.size));
  });

  it('on seeded synthetic histories, finds injected events of 5x the noise or more, and almost nothing on organic ones', () => {
    let truePositives = 0;
    let detected = 0;
    let found = 0;
    let injected = 0;
    let cleanOrganic = 0;
    const runs = 25;
    for (let seed = 1; seed <= runs; seed++) {
      const history = syntheticHistory(seed);
      const origin = dayNumber(history.series.days[1]?.date as string);
      const events = detectEvents(history.series);
      const matched = new Set<number>();
      for (const event of events) {
        const from = dayNumber(event.date) - origin;
        const to = dayNumber(event.endDate ?? event.date) - origin;
        const slack = event.kind === 'regime-change' ? 7 : 1;
        const k = history.events.findIndex(
          (e) => e.detectedAs === event.kind && from <= e.end + slack && to >= e.start - slack,
        );
        detected++;
        if (k >= 0) {
          truePositives++;
          matched.add(k);
        }
      }
      injected += history.events.length;
      found += matched.size;
      if (detectEvents(syntheticHistory(10_000 + seed, { events: 0 }).series).length === 0) cleanOrganic++;
    }
    assert.ok(truePositives / detected >= 0.9, `precision ${truePositives}/${detected}`);
    assert.ok(found / injected >= 0.9, `recall ${found}/${injected}`);
    assert.ok(cleanOrganic / runs >= 0.9, `organic series without events ${cleanOrganic}/${runs}`);
  });
});
