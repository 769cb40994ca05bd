// The sign-in page: a browser signs in with an API token, which then lives in an HttpOnly cookie.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import { PageShell } from './page-layout.tsx';

export function SignInPage(props: { next: string; problem?: string }) {
  return (
    <PageShell title="Sign in" signedIn={false}>
      <section class="card sign-in">
        <h1>Sign in</h1>
        <p class="note">
          With an API token: the one <code>realreach serve</code> printed on first start, or a new one from{' '}
          <code>realreach token create &lt;name&gt;</code>.
        </p>
        {props.problem !== undefined && (
          <p class="problem" role="alert">
            {props.problem}
          </p>
        )}
        <form method="post" action="/sign-in">
          <input type="hidden" name="next" value={props.next} />
          <label for="token">Token</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required />
          <div class="form-actions">
            <button type="submit">Sign in</button>
          </div>
        </form>
      </section>
    </PageShell>
  );
}
