// Measures the event finder on seeded synthetic histories with known events: precision, recall, and how many purely organic series stay quiet.
import { detectEvents } from '../detect-events.ts';
import { dayNumber } from '../follower-series.ts';
import { syntheticHistory } from '../synthetic-history.ts';

export interface EventAccuracy {
  series: number;
  injected: number;
  found: number;
  detected: number;
  truePositives: number;
  precision: number;
  recall: number;
  /** Recall by kind of injected event. */
  recallByKind: Record<string, { injected: number; found: number }>;
  organicSeries: number;
  organicQuiet: number;
}

/** A detected event matches an injected one of the same kind whose days it touches (a week's slack for regime changes). */
export function measureEventDetection(series: number, seed: number): EventAccuracy {
  const result: EventAccuracy = {
    series,
    injected: 0,
    found: 0,
    detected: 0,
    truePositives: 0,
    precision: 0,
    recall: 0,
    recallByKind: {},
    organicSeries: series,
    organicQuiet: 0,
  };
  for (let s = 0; s < series; s++) {
    const history = syntheticHistory(seed + s);
    const origin = dayNumber(history.series.days[1]?.date as string);
    const matched = new Set<number>();
    for (const event of detectEvents(history.series)) {
      const from = dayNumber(event.date) - origin;
      const to = dayNumber(event.endDate ?? event.date) - origin;
      const slack = event.kind === 'regime-change' ? 7 : 1;
      const k = history.events.findIndex(
        (e) => e.detectedAs === event.kind && from <= e.end + slack && to >= e.start - slack,
      );
      result.detected++;
      if (k >= 0) {
        result.truePositives++;
        matched.add(k);
      }
    }
    history.events.forEach((event, k) => {
      const tally = result.recallByKind[event.kind] ?? { injected: 0, found: 0 };
      result.recallByKind[event.kind] = tally;
      tally.injected++;
      if (matched.has(k)) tally.found++;
    });
    result.injected += history.events.length;
    result.found += matched.size;
    if (detectEvents(syntheticHistory(seed + 1_000_000 + s, { events: 0 }).series).length === 0)
      result.organicQuiet++;
  }
  result.precision = result.truePositives / Math.max(1, result.detected);
  result.recall = result.found / Math.max(1, result.injected);
  return result;
}
