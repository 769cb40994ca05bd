// The audits list: every saved audit, newest first, a page at a time.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import type { AuditSummary } from '../../../store/store.ts';
import { PageShell } from '../page-layout.tsx';
import { AuditTable } from './audit-table.tsx';

export const AUDITS_PER_PAGE = 50;

export function AuditsPage(props: { audits: AuditSummary[]; offset: number; hasMore: boolean }) {
  const { audits, offset, hasMore } = props;
  return (
    <PageShell title="Audits" signedIn current="audits">
      <header class="hero">
        <h1>Audits</h1>
        <p class="sub">Saved audits, newest first.</p>
      </header>
      <section class="card">
        {audits.length === 0 ? (
          <p class="note">
            No audits yet. <a href="/upload">Upload a follower list</a> or run{' '}
            <code>realreach audit followers.jsonl --save</code>.
          </p>
        ) : (
          <AuditTable audits={audits} showProfile />
        )}
        <nav class="pager" aria-label="Pages">
          {offset > 0 && <a href={`/audits?offset=${Math.max(0, offset - AUDITS_PER_PAGE)}`}>Newer</a>}
          {hasMore && <a href={`/audits?offset=${offset + AUDITS_PER_PAGE}`}>Older</a>}
        </nav>
      </section>
    </PageShell>
  );
}
