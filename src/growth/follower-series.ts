// A follower-count history as one value per calendar day (UTC), made from snapshots taken at any times.

/** One day of a follower-count history. */
export interface SeriesDay {
  /** YYYY-MM-DD (UTC). */
  date: string;
  followers: number;
  /** False where the value is interpolated between two observed days. */
  observed: boolean;
}

/** Where a series came from: snapshots and imports are observed; a rebuilt series is a lower bound (see follow-order). */
export type SeriesOrigin = 'observed' | 'reconstructed';

export interface FollowerSeries {
  origin: SeriesOrigin;
  /** Consecutive days, oldest first. */
  days: SeriesDay[];
  /** What the numbers mean and how far to trust them, for whoever reads the series. */
  note: string;
}

/** A follower count at a moment: a snapshot, an imported row, a reconstructed point. */
export interface CountAt {
  at: Date;
  followers: number;
}

export const DAY_MS = 86_400_000;

export function dayOf(time: Date | number): string {
  return new Date(time).toISOString().slice(0, 10);
}

export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * One value a day from counts at any times: the last count of each day; days between two observed days get the
 * straight line between them (rounded), marked not observed, so a gap's change is spread over it, not put on one day.
 */
export function dailySeries(counts: readonly CountAt[], origin: SeriesOrigin, note: string): FollowerSeries {
  const lastOfDay = new Map<number, { at: number; followers: number }>();
  for (const count of counts) {
    const at = count.at.getTime();
    const day = Math.floor(at / DAY_MS);
    const known = lastOfDay.get(day);
    if (known === undefined || at >= known.at) lastOfDay.set(day, { at, followers: count.followers });
  }
  const observedDays = [...lastOfDay.keys()].sort((a, b) => a - b);
  const days: SeriesDay[] = [];
  for (let k = 0; k < observedDays.length; k++) {
    const day = observedDays[k] as number;
    const value = (lastOfDay.get(day) as { followers: number }).followers;
    if (k > 0) {
      const previousDay = observedDays[k - 1] as number;
      const previous = (lastOfDay.get(previousDay) as { followers: number }).followers;
      for (let gap = previousDay + 1; gap < day; gap++) {
        const share = (gap - previousDay) / (day - previousDay);
        days.push({
          date: dateOfDayNumber(gap),
          followers: Math.round(previous + share * (value - previous)),
          observed: false,
        });
      }
    }
    days.push({ date: dateOfDayNumber(day), followers: value, observed: true });
  }
  return { origin, days, note };
}

/** Day-to-day changes: `changes[i]` is days[i + 1] − days[i]. Events are found on these, never on the counts. */
export function dailyChanges(series: FollowerSeries): Float64Array {
  const { days } = series;
  const changes = new Float64Array(Math.max(0, days.length - 1));
  for (let i = 1; i < days.length; i++)
    changes[i - 1] = (days[i] as SeriesDay).followers - (days[i - 1] as SeriesDay).followers;
  return changes;
}
