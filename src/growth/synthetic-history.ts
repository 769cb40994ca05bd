// Seeded synthetic follower histories with known events: organic growth, weekly rhythm and noise, plus injected spikes, purges and regime changes.
import { drawNormal } from '../audit/fake-share/random-draws.ts';
import { createSeededRandom } from '../model/seeded-random.ts';
import type { EventKind } from './detect-events.ts';
import { type CountAt, DAY_MS, dailySeries, type FollowerSeries } from './follower-series.ts';

export type InjectedKind = 'viral' | 'bought' | 'purge' | 'regime';

/** An event the generator put in: its changes' indices (changes[i] is day i + 1 minus day i), inclusive. */
export interface InjectedEvent {
  kind: InjectedKind;
  detectedAs: EventKind;
  start: number;
  end: number;
  /** Followers gained or lost beyond organic growth (for a regime change: the change of the daily rate). */
  size: number;
  /** |size| per day in units of the day-to-day noise. */
  sizeInNoise: number;
}

export interface SyntheticHistory {
  series: FollowerSeries;
  events: InjectedEvent[];
  /** The standard deviation of the day-to-day noise. */
  noise: number;
}

export interface SyntheticHistoryOptions {
  days: number;
  /** Events to inject (0 for a purely organic series). */
  events: number;
  /** Injected events are at least this many noise units a day (and at most `maxSizeInNoise`). */
  minSizeInNoise: number;
  maxSizeInNoise: number;
  start: string;
}

export const DEFAULT_SYNTHETIC_OPTIONS: SyntheticHistoryOptions = {
  days: 365,
  events: 4,
  minSizeInNoise: 5,
  maxSizeInNoise: 40,
  start: '2025-01-01',
};

const KINDS: readonly InjectedKind[] = ['viral', 'bought', 'purge', 'regime'];
const DETECTED_AS: Record<InjectedKind, EventKind> = {
  viral: 'spike',
  bought: 'spike',
  purge: 'drop',
  regime: 'regime-change',
};
/** Days kept clear between events and at both ends, so each event has a baseline around it. */
const SPACING = 45;

export function syntheticHistory(
  seed: number,
  options: Partial<SyntheticHistoryOptions> = {},
): SyntheticHistory {
  const settings = { ...DEFAULT_SYNTHETIC_OPTIONS, ...options };
  const random = createSeededRandom(seed);
  const uniform = (low: number, high: number) => low + (high - low) * random();
  const n = settings.days - 1;
  const baseRate = uniform(20, 400);
  const noise = baseRate * uniform(0.08, 0.25);
  const weekly = uniform(0, 0.25);
  const phase = uniform(0, 2 * Math.PI);
  const drift = uniform(-0.3, 0.3);
  const rate = new Float64Array(n);
  for (let i = 0; i < n; i++) rate[i] = baseRate * (1 + (drift * i) / n);

  const extra = new Float64Array(n);
  const events: InjectedEvent[] = [];
  const slots = Math.floor((n - SPACING) / SPACING);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(settings.events, slots)) chosen.add(1 + Math.floor(random() * (slots - 1)));
  const logUniform = () =>
    Math.exp(uniform(Math.log(settings.minSizeInNoise), Math.log(settings.maxSizeInNoise)));
  const levels = new Float64Array(n);
  for (const slot of [...chosen].sort((a, b) => a - b)) {
    const kind = KINDS[Math.floor(random() * KINDS.length)] as InjectedKind;
    const start = slot * SPACING + Math.floor(random() * (SPACING / 3));
    const inNoise = logUniform();
    if (kind === 'regime') {
      const ramp = random() < 0.5 ? 1 : 2 + Math.floor(random() * 13);
      // A downturn never turns growth into losses of more than the organic rate a day: counts stay far from zero.
      const down = random() < 0.5 && inNoise * noise <= 2 * baseRate;
      const shift = (down ? -1 : 1) * inNoise * noise;
      for (let i = start; i < n; i++)
        levels[i] = (levels[i] as number) + shift * Math.min(1, (i - start + 1) / ramp);
      events.push({
        kind,
        detectedAs: 'regime-change',
        start,
        end: start + ramp - 1,
        size: shift,
        sizeInNoise: inNoise,
      });
      continue;
    }
    const length =
      kind === 'bought' ? 1 + Math.floor(random() * 3) : kind === 'viral' ? 1 + Math.floor(random() * 2) : 1;
    const sign = kind === 'purge' ? -1 : 1;
    let size = 0;
    for (let i = start; i < start + length; i++) {
      const day =
        sign * (i === start ? inNoise : Math.max(settings.minSizeInNoise, inNoise * uniform(0.5, 1))) * noise;
      extra[i] = day;
      size += day;
    }
    events.push({
      kind,
      detectedAs: DETECTED_AS[kind],
      start,
      end: start + length - 1,
      size,
      sizeInNoise: inNoise,
    });
  }

  const startMs = Date.parse(`${settings.start}T12:00:00Z`);
  let followers = Math.round(uniform(300_000, 900_000));
  const counts: CountAt[] = [{ at: new Date(startMs), followers }];
  for (let i = 0; i < n; i++) {
    const weekday = ((Math.floor(startMs / DAY_MS) + i + 1 + 4) % 7) / 7;
    const organic =
      (rate[i] as number) * (1 + weekly * Math.sin(2 * Math.PI * weekday + phase)) +
      drawNormal(random) * noise;
    followers = Math.max(0, followers + Math.round(organic + (levels[i] as number) + (extra[i] as number)));
    counts.push({ at: new Date(startMs + (i + 1) * DAY_MS), followers });
  }
  return {
    series: dailySeries(counts, 'observed', 'synthetic: seeded, generated with known events'),
    events,
    noise,
  };
}
