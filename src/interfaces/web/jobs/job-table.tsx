// One table of queued work on the jobs page: a row per job with its link, what it works on, its state, progress and error.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */

export interface JobRow {
  id: number;
  /** The job's own page. */
  href: string;
  /** What the job works on: an upload's name, a profile. */
  subject: string;
  state: string;
  progress: string;
  error: string | null;
}

/** The table; `kind` names the first column ("Job", "Fetch"), `subject` the second ("Input", "Profile"). */
export function JobTable(props: { kind: string; subject: string; rows: JobRow[]; marker?: string }) {
  const marker = props.marker === undefined ? {} : { [props.marker]: true };
  return (
    <div class="table-wrap">
      <table class="list" {...marker}>
        <thead>
          <tr>
            <th>{props.kind}</th>
            <th>{props.subject}</th>
            <th>State</th>
            <th>Progress</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr data-state={row.state}>
              <td>
                <a href={row.href}>{`#${row.id}`}</a>
              </td>
              <td>{row.subject}</td>
              <td>{row.state}</td>
              <td>{row.progress}</td>
              <td>{row.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
