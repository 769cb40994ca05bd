// An audit's followers, every one, a page at a time: filtered by audience type, p(fake) range and a reason.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import { AUDIENCE_TYPES, type FollowerResult } from '../../../audit/report-schema.ts';
import type { StoredAudit } from '../../../store/store.ts';
import { formatCount } from '../../report/words/report-numbers.ts';
import { auditPath } from '../dashboard-paths.ts';
import { PageShell } from '../page-layout.tsx';
import { FollowerTable } from './follower-table.tsx';

/** The filters as the form sends them (the follower page query of the API, without the cursor). */
export interface FollowerFilters {
  type?: string;
  sort: '-pFake' | 'pFake';
  minP?: number;
  maxP?: number;
  reason?: string;
}

/** The query string of a page with these filters, starting after `cursor`. */
export function followersQuery(filters: FollowerFilters, cursor?: string): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters))
    if (value !== undefined && value !== '') query.set(name, String(value));
  if (cursor !== undefined) query.set('cursor', cursor);
  return query.toString();
}

export function followersPath(auditId: number, filters?: FollowerFilters, cursor?: string): string {
  const query = filters === undefined ? '' : followersQuery(filters, cursor);
  return `${auditPath(auditId)}/followers${query === '' ? '' : `?${query}`}`;
}

function FilterForm(props: { audit: StoredAudit; filters: FollowerFilters }) {
  const { filters } = props;
  return (
    <form class="filters" method="get" action={followersPath(props.audit.id)}>
      <label>
        Type
        <select name="type">
          <option value="" selected={filters.type === undefined}>
            any
          </option>
          {AUDIENCE_TYPES.map((type) => (
            <option value={type} selected={filters.type === type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <label>
        p(fake) from
        <input type="number" name="minP" min="0" max="1" step="0.05" value={filters.minP?.toString() ?? ''} />
      </label>
      <label>
        to
        <input type="number" name="maxP" min="0" max="1" step="0.05" value={filters.maxP?.toString() ?? ''} />
      </label>
      <label>
        Reason contains
        <input
          type="search"
          name="reason"
          maxlength={100}
          value={filters.reason ?? ''}
          placeholder="no bio"
        />
      </label>
      <label>
        Order
        <select name="sort">
          <option value="-pFake" selected={filters.sort === '-pFake'}>
            most suspicious first
          </option>
          <option value="pFake" selected={filters.sort === 'pFake'}>
            least suspicious first
          </option>
        </select>
      </label>
      <button type="submit">Show</button>
      <a href={followersPath(props.audit.id)}>Clear</a>
    </form>
  );
}

export function FollowersPage(props: {
  audit: StoredAudit;
  filters: FollowerFilters;
  followers: FollowerResult[];
  /** 1-based position of the page's first row among the filtered followers. */
  first: number;
  nextCursor: string | null;
}) {
  const { audit, filters, followers, first, nextCursor } = props;
  const filtered =
    filters.type !== undefined ||
    filters.minP !== undefined ||
    filters.maxP !== undefined ||
    (filters.reason ?? '') !== '';
  return (
    <PageShell title={`Followers of audit #${audit.id}`} signedIn>
      <header class="hero">
        <p class="eyebrow">
          <a href={auditPath(audit.id)}>{`← Audit #${audit.id}`}</a>
        </p>
        <h1>{`Followers (${formatCount(audit.followersRead)} scored)`}</h1>
        <p class="sub">
          Every follower this audit scored, with a link to its profile to judge it yourself. Filter by type,
          p(fake) or a word of its reasons.
        </p>
      </header>
      <section class="card">
        <FilterForm audit={audit} filters={filters} />
        {(filters.reason ?? '') !== '' && (
          <p class="note">
            Only followers whose reasons were computed can match a reason: by default the 100 most suspicious
            (audit with reasons set to all to explain every follower).
          </p>
        )}
        {followers.length === 0 ? (
          <p class="note" id="no-followers">
            {filtered
              ? 'No follower matches these filters.'
              : 'No per-follower rows were saved with this audit.'}
          </p>
        ) : (
          <>
            <p class="note">{`Showing ${formatCount(first)}–${formatCount(first + followers.length - 1)}${filtered ? ' of the followers that match' : ''}.`}</p>
            <FollowerTable followers={followers} first={first} />
          </>
        )}
        <nav class="pager" aria-label="Pages">
          {first > 1 && <a href={followersPath(audit.id, filters)}>First page</a>}
          {nextCursor !== null && (
            <a
              href={`${followersPath(audit.id, filters, nextCursor)}&from=${first + followers.length}`}
              rel="next"
            >
              Next page
            </a>
          )}
        </nav>
      </section>
    </PageShell>
  );
}
