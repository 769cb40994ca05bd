// The upload form: a follower file (and optionally the profile and options), posted as multipart and audited once it is in.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import { BUNDLED_MODEL_NAMES } from '../../model/model-file.ts';
import { PageShell } from './page-layout.tsx';

export function UploadPage(props: { problem?: string; maxUploadMiB: number }) {
  return (
    <PageShell title="Upload" signedIn current="upload">
      <header class="hero">
        <h1>Audit a follower list</h1>
        <p class="sub">
          {`Any format realreach reads (X, Mastodon, Bluesky exports, realreach CSV or JSONL), gzipped or not, up to ${props.maxUploadMiB} MiB; the profile and options are optional.`}
        </p>
      </header>
      {props.problem !== undefined && (
        <p class="problem" role="alert">
          {props.problem}
        </p>
      )}
      <form class="card" method="post" action="/upload" enctype="multipart/form-data">
        <label for="model">Model</label>
        <select id="model" name="model">
          <option value="">by the followers' platform</option>
          {BUNDLED_MODEL_NAMES.map((name) => (
            <option value={name}>{name}</option>
          ))}
        </select>
        <label for="sample">Sample size</label>
        <input id="sample" name="sample" type="number" min="1" step="1" placeholder="every follower" />
        <p class="hint">Score a seeded uniform random sample of this many followers instead of all.</p>
        <label class="check">
          <input type="checkbox" name="recentIntake" value="true" />
          The list is newest first (API order)
        </label>
        <label for="profile">Profile (optional)</label>
        <input id="profile" name="profile" type="file" />
        <p class="hint">
          The audited profile, one account in any format: its follower count is what counts are projected
          against.
        </p>
        <label for="followers">Followers</label>
        <input id="followers" name="followers" type="file" required />
        <div class="form-actions">
          <button type="submit">Audit</button>
        </div>
      </form>
    </PageShell>
  );
}
