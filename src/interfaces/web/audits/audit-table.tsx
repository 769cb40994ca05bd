// The table of saved audits the audits list and a profile's page show: each audit's real followers with interval, fake share and score.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import { headlineSaysMayBeOff } from '../../../audit/point-may-be-off.ts';
import type { AuditSummary } from '../../../store/store.ts';
import {
  formatCount,
  formatCountRange,
  formatPoints,
  formatShare,
  formatShareRange,
} from '../../report/words/report-numbers.ts';
import { auditPath, profileName, profilePath } from '../dashboard-paths.ts';

const SAVED_AT = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export function formatSavedAt(date: Date): string {
  return `${SAVED_AT.format(date)} UTC`;
}

/** Under an audit's range, when its point reading may be off: the reading, marked. */
export function MarkedReading(props: { reading: string }) {
  return (
    <span class="reading">
      {`reads ${props.reading} `}
      <span class="badge off">may be off</span>
    </span>
  );
}

export function AuditTable(props: { audits: AuditSummary[]; showProfile: boolean }) {
  return (
    <div class="table-wrap">
      <table class="list audits">
        <thead>
          <tr>
            <th scope="col">Audit</th>
            <th scope="col">Saved</th>
            {props.showProfile && <th scope="col">Profile</th>}
            <th scope="col" class="num">
              Real followers (95 % CI)
            </th>
            <th scope="col" class="num">
              Fake share (95 % CI)
            </th>
            <th scope="col" class="num">
              Quality
            </th>
            <th scope="col">Model</th>
          </tr>
        </thead>
        <tbody>
          {props.audits.map((audit) => (
            <tr>
              <td data-label="Audit">
                <a href={auditPath(audit.id)}>{`#${audit.id}`}</a>
              </td>
              <td data-label="Saved">{formatSavedAt(audit.createdAt)}</td>
              {props.showProfile && (
                <td data-label="Profile">
                  {audit.profile === null ? (
                    '—'
                  ) : (
                    <a href={profilePath(audit.profile)}>{profileName(audit.profile)}</a>
                  )}
                </td>
              )}
              {headlineSaysMayBeOff(audit.headline) ? (
                <>
                  <td class="num may-be-off" data-label="Real followers (95 % CI)">
                    {formatCountRange(audit.realFollowers.low, audit.realFollowers.high)}
                    <MarkedReading reading={formatCount(audit.realFollowers.estimate)} />
                  </td>
                  <td class="num may-be-off" data-label="Fake share (95 % CI)">
                    {formatShareRange(audit.fakeShare.low, audit.fakeShare.high)}
                    <MarkedReading reading={formatShare(audit.fakeShare.estimate)} />
                  </td>
                </>
              ) : (
                <>
                  <td class="num" data-label="Real followers (95 % CI)">
                    {`${formatCount(audit.realFollowers.estimate)} (${formatCountRange(audit.realFollowers.low, audit.realFollowers.high)})`}
                  </td>
                  <td class="num" data-label="Fake share (95 % CI)">
                    {`${formatShare(audit.fakeShare.estimate)} (${formatShareRange(audit.fakeShare.low, audit.fakeShare.high)})`}
                  </td>
                </>
              )}
              <td class="num" data-label="Quality">
                {formatPoints(audit.qualityScore)}
              </td>
              <td data-label="Model">{audit.model}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
