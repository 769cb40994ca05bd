// The upload form: a follower file (and optionally the profile and options), posted as multipart and audited once it is in.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import { FORMATS } from '../../../ingest/formats/index.ts';
import { BUNDLED_MODEL_NAMES } from '../../../model/model-file.ts';
import { PageShell } from '../page-layout.tsx';

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
        <label for="followers">Followers</label>
        <input id="followers" name="followers" type="file" required />
        <p class="hint">
          The follower list: an export (Instagram, X archive), a file written by <code>realreach fetch</code>,
          or a CSV.
        </p>
        <label for="format">Format (optional)</label>
        <select id="format" name="format">
          <option value="">recognised from the file</option>
          {FORMATS.map((format) => (
            <option value={format.name}>{`${format.name}: ${format.title}`}</option>
          ))}
        </select>
        <p class="hint">
          The format option: name it when the file is not recognised, or to read it as another format would.
        </p>
        <label for="columns">Columns of a CSV (optional)</label>
        <input
          id="columns"
          name="columns"
          type="text"
          maxlength={2000}
          placeholder="handle=username,followersCount=followers"
        />
        <p class="hint">
          The columns option: any CSV, read through a map of realreach's fields to its columns (
          <code>field=column</code> pairs, comma-separated; the README's "Any CSV" lists the fields).
        </p>
        <label for="profile">Profile (optional)</label>
        <input id="profile" name="profile" type="file" />
        <p class="hint">
          The audited profile, one account in any format: its follower count is what counts are projected
          against.
        </p>
        <label for="posts">Recent posts (optional)</label>
        <input id="posts" name="posts" type="file" />
        <p class="hint">
          The profile's recent posts, JSONL with <code>id, createdAt, likes, replies, reposts</code> per line:
          gives the engagement rate by real followers.
        </p>
        <label for="observedAt">When the profile was read (optional)</label>
        <input id="observedAt" name="observedAt" type="text" placeholder="2026-11-01T09:00:00Z" />
        <p class="hint">
          The profile's follower count becomes a point of its history only at a known time: the profile file's
          own, or this one. The upload's time is never taken for it.
        </p>
        <details class="options">
          <summary>Options: model, sample, thresholds</summary>
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
          <label for="suspicious">Suspicious from p(fake)</label>
          <input
            id="suspicious"
            name="suspicious"
            type="number"
            min="0.01"
            max="0.99"
            step="0.01"
            placeholder="the model's threshold"
          />
          <label for="massFollowing">Mass follower above (accounts followed)</label>
          <input id="massFollowing" name="massFollowing" type="number" min="0" step="1" placeholder="1500" />
          <label for="influencerFollowers">Influencer above (followers)</label>
          <input
            id="influencerFollowers"
            name="influencerFollowers"
            type="number"
            min="0"
            step="1"
            placeholder="5000"
          />
          <label for="inactiveDays">Inactive after (days without a post)</label>
          <input id="inactiveDays" name="inactiveDays" type="number" min="1" step="1" placeholder="180" />
        </details>
        <div class="form-actions">
          <button type="submit">Audit</button>
        </div>
      </form>
    </PageShell>
  );
}
