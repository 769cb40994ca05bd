// The page a browser sees when a dashboard request fails: the status and what went wrong, without the data of any page.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import { PageShell } from './page-layout.tsx';

export function ErrorPage(props: { status: number; title: string; detail: string; signedIn: boolean }) {
  return (
    <PageShell title={props.title} signedIn={props.signedIn}>
      <section class="card">
        <h1>{`${props.status} ${props.title}`}</h1>
        <p>{props.detail}</p>
        <p>
          <a href="/audits">Back to the audits</a>
        </p>
      </section>
    </PageShell>
  );
}
