// Asks before an audit is deleted: what goes (the report and its follower rows) and what stays (the follower-count history).
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import type { StoredAudit } from '../../../store/store.ts';
import { formatCount } from '../../report/words/report-numbers.ts';
import { auditPath } from '../dashboard-paths.ts';
import { PageShell } from '../page-layout.tsx';

export function DeleteAuditPage(props: { audit: StoredAudit }) {
  const { audit } = props;
  return (
    <PageShell title={`Delete audit #${audit.id}`} signedIn>
      <header class="hero">
        <h1>{`Delete audit #${audit.id}?`}</h1>
        <p class="sub">{audit.headline}</p>
      </header>
      <section class="card">
        <p>
          {`This removes the report and its ${formatCount(audit.followersRead)} follower rows for good. The profile's follower-count history stays: it records what the platform showed.`}
        </p>
        <form method="post" action={`${auditPath(audit.id)}/delete`} class="actions">
          <button type="submit" class="danger">
            Delete audit
          </button>
          <a href={auditPath(audit.id)}>Keep it</a>
        </form>
      </section>
    </PageShell>
  );
}
