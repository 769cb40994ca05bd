// A profile's page: its follower-count history as a uPlot chart and a table of the snapshots, and its saved audits.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */

import { countOf } from '../../../core/plural.ts';
import type { FollowerCountSnapshot } from '../../../core/snapshot.ts';
import type { JudgedEvent } from '../../../growth/analyse-growth.ts';
import type { AuditSummary, ProfileRef } from '../../../store/store.ts';
import type { Reaudit } from '../../reaudit.ts';
import { formatCount } from '../../report/words/report-numbers.ts';
import { AuditTable, formatSavedAt } from '../audits/audit-table.tsx';
import { profileName } from '../dashboard-paths.ts';
import { PageShell } from '../page-layout.tsx';
import { eventMarkers, HistoryEventsTable } from './history-events.tsx';
import { ReauditCard } from './reaudit-card.tsx';

/** An imported history has a row a day: the table lists the newest ones, the chart shows them all. */
const SNAPSHOTS_LISTED = 60;

function HistoryCard(props: { snapshots: FollowerCountSnapshot[]; events: readonly JudgedEvent[] }) {
  const { snapshots } = props;
  if (snapshots.length === 0)
    return (
      <section class="card">
        <h2>Follower count</h2>
        <p class="note chart-empty">
          No follower count recorded yet: <code>realreach watch</code>, <code>fetch --save</code>, a history
          import and audits of a profile read at a known time record one.
        </p>
      </section>
    );
  const description = snapshots
    .map((snapshot) => `${formatSavedAt(snapshot.observedAt)}: ${formatCount(snapshot.followersCount)}`)
    .join('; ');
  const values = {
    times: snapshots.map((snapshot) => snapshot.observedAt.getTime() / 1000),
    counts: snapshots.map((snapshot) => snapshot.followersCount),
    events: eventMarkers(snapshots, props.events),
  };
  return (
    <section class="card">
      <h2>{`Follower count (${countOf(snapshots.length, 'snapshot')})`}</h2>
      <div
        class="uplot-chart"
        id="follower-history"
        role="img"
        aria-label={`Follower count over time. ${description}`}
        data-chart="history"
        data-values={JSON.stringify(values)}
      />
      <h3>Spikes, drops and regime changes</h3>
      <HistoryEventsTable events={props.events} />
      <div class="table-wrap">
        <table class="list snapshots">
          <thead>
            <tr>
              <th scope="col">Observed</th>
              <th scope="col" class="num">
                Followers
              </th>
              <th scope="col" class="num">
                Following
              </th>
              <th scope="col" class="num">
                Posts
              </th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {[...snapshots]
              .reverse()
              .slice(0, SNAPSHOTS_LISTED)
              .map((snapshot) => (
                <tr>
                  <td>{formatSavedAt(snapshot.observedAt)}</td>
                  <td class="num">{formatCount(snapshot.followersCount)}</td>
                  <td class="num">
                    {snapshot.followingCount === undefined ? '—' : formatCount(snapshot.followingCount)}
                  </td>
                  <td class="num">
                    {snapshot.postsCount === undefined ? '—' : formatCount(snapshot.postsCount)}
                  </td>
                  <td>{snapshot.source}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      {snapshots.length > SNAPSHOTS_LISTED && (
        <p class="note">{`The newest ${SNAPSHOTS_LISTED} of ${formatCount(snapshots.length)} snapshots; the chart shows them all.`}</p>
      )}
    </section>
  );
}

export function ProfilePage(props: {
  profile: ProfileRef;
  snapshots: FollowerCountSnapshot[];
  audits: AuditSummary[];
  events?: readonly JudgedEvent[];
  reaudit?: Reaudit;
}) {
  const { profile } = props;
  return (
    <PageShell title={profileName(profile)} signedIn charts>
      <header class="hero">
        <p class="eyebrow">{`Profile · ${profile.platform}${profile.id === null ? '' : ` · id ${profile.id}`}`}</p>
        <h1>{profileName(profile)}</h1>
      </header>
      <HistoryCard snapshots={props.snapshots} events={props.events ?? []} />
      {props.reaudit && <ReauditCard reaudit={props.reaudit} />}
      <section class="card">
        <h2>{`Audits (${props.audits.length})`}</h2>
        {props.audits.length === 0 ? (
          <p class="note">No saved audit of this profile.</p>
        ) : (
          <AuditTable audits={props.audits} showProfile={false} />
        )}
      </section>
    </PageShell>
  );
}
