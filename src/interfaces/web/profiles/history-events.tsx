// The profile page's growth events: where each spike, drop and regime change sits on the history chart, and the table of them.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import type { FollowerCountSnapshot } from '../../../core/snapshot.ts';
import type { JudgedEvent } from '../../../growth/analyse-growth.ts';
import { formatCount } from '../../report/words/report-numbers.ts';

const KINDS = ['spike', 'drop', 'regime-change'] as const;

/**
 * Per event kind, one value per snapshot: the count at the snapshot that shows the event (the last of its day, or
 * the first after it when the day fell between snapshots), null elsewhere — the chart draws these as markers.
 */
export function eventMarkers(
  snapshots: readonly FollowerCountSnapshot[],
  events: readonly JudgedEvent[],
): Record<(typeof KINDS)[number], (number | null)[]> {
  const markers = Object.fromEntries(KINDS.map((kind) => [kind, snapshots.map(() => null)])) as Record<
    (typeof KINDS)[number],
    (number | null)[]
  >;
  const days = snapshots.map((s) => s.observedAt.toISOString().slice(0, 10));
  for (const event of events) {
    let index = days.lastIndexOf(event.date);
    if (index < 0) index = days.findIndex((day) => day > event.date);
    if (index < 0) continue;
    markers[event.kind][index] = (snapshots[index] as FollowerCountSnapshot).followersCount;
  }
  return markers;
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${formatCount(Math.abs(value))}`;
}

export function HistoryEventsTable(props: { events: readonly JudgedEvent[] }) {
  if (props.events.length === 0)
    return (
      <p class="note" id="no-events">
        No spike, drop or regime change: no day's change is far from the profile's own baseline (robust z ≥
        4.5).
      </p>
    );
  return (
    <div class="table-wrap">
      <table class="list" id="history-events">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col" class="num">
              Size
            </th>
            <th scope="col" class="num">
              Robust z
            </th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {props.events.map((event) => (
            <tr class={`event-${event.kind}`}>
              <td>{event.endDate === undefined ? event.date : `${event.date} – ${event.endDate}`}</td>
              <td>{event.kind}</td>
              <td class="num">{`${signed(event.size)}${event.kind === 'regime-change' ? ' a day' : ''}`}</td>
              <td class="num">{event.robustZ === undefined ? '—' : event.robustZ.toFixed(1)}</td>
              <td>
                {[
                  event.purge === undefined ? undefined : `Known purge: ${event.purge}`,
                  event.inGap ? 'between two snapshots: the date is known only to that window' : undefined,
                  event.judgement === undefined
                    ? undefined
                    : `${event.judgement.verdict}: ${event.judgement.reason}`,
                ]
                  .filter((part) => part !== undefined)
                  .join(' · ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
