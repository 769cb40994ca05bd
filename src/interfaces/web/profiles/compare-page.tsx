// The dashboard's compare page: pick saved profiles, give their prices, and see them ranked on the conservative end of cost per 1,000 real followers, with the formulas and CSV/JSON exports.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */

import type { Interval } from '../../../audit/report-schema.ts';
import { COMPARE_FORMULAS, type CompareRow } from '../../../growth/compare-profiles.ts';
import type { ProfileRef } from '../../../store/store.ts';
import {
  formatEventCounts,
  formatMoney,
  formatMoneyInterval,
  formatPercent,
  formatShareInterval,
  formatWhole,
  formatWholeInterval,
} from '../../compare-wording.ts';
import { formatCount, formatShareRange } from '../../report/words/report-numbers.ts';
import { MarkedReading } from '../audits/audit-table.tsx';
import { profileName } from '../dashboard-paths.ts';
import { PageShell } from '../page-layout.tsx';

/** How a saved profile is named in the form and the query: `platform:handle`, or `platform:id` without a handle. */
export function candidateRef(profile: ProfileRef): string {
  return `${profile.platform}:${profile.handle ?? profile.id ?? ''}`;
}

export interface ComparePageProps {
  profiles: ProfileRef[];
  chosen: string[];
  prices: Record<string, string>;
  cpmBenchmark: number;
  rows: CompareRow[] | undefined;
  error?: string;
  /** The current query, for the export links. */
  query: string;
}

/**
 * A figure with its interval; when the audit's point reading may be off, the range first and the reading marked
 * beneath it, as the audits list shows them.
 */
function IntervalCell(props: {
  value: Interval | null;
  mayBeOff: boolean;
  format: (x: number) => string;
  words: (value: Interval | null) => string;
  /** The range's words, when not "format(low)–format(high)" (a share: "1.1–67.4 %"). */
  range?: (low: number, high: number) => string;
}) {
  const { value } = props;
  if (value === null || !props.mayBeOff) return <td class="num">{props.words(value)}</td>;
  return (
    <td class="num may-be-off">
      {props.range?.(value.low, value.high) ?? `${props.format(value.low)}–${props.format(value.high)}`}
      <MarkedReading reading={props.format(value.estimate)} />
    </td>
  );
}

function ResultTable(props: { rows: CompareRow[] }) {
  return (
    <div class="table-wrap">
      <table class="list" id="compare-table">
        <thead>
          <tr>
            <th scope="col" class="num">
              Rank
            </th>
            <th scope="col">Candidate</th>
            <th scope="col" class="num">
              Followers
            </th>
            <th scope="col" class="num">
              Real followers (95 % CI)
            </th>
            <th scope="col" class="num">
              Fake share
            </th>
            <th scope="col" class="num">
              Quality
            </th>
            <th scope="col" class="num">
              Reachable
            </th>
            <th scope="col">Growth events</th>
            <th scope="col" class="num">
              Price
            </th>
            <th scope="col" class="num">
              Per 1,000 real
            </th>
            <th scope="col" class="num">
              Effective CPM
            </th>
            <th scope="col" class="num">
              Fair price
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <td class="num">{String(row.rank)}</td>
              <td>
                {row.auditId === undefined ? row.name : <a href={`/audits/${row.auditId}`}>{row.name}</a>}
              </td>
              <td class="num">{formatCount(row.followers)}</td>
              <IntervalCell
                value={row.realFollowers}
                mayBeOff={row.pointMayBeOff}
                format={formatWhole}
                words={formatWholeInterval}
              />
              <IntervalCell
                value={row.fakeShare}
                mayBeOff={row.pointMayBeOff}
                format={formatPercent}
                words={formatShareInterval}
                range={formatShareRange}
              />
              <td class="num">{row.qualityScore.toFixed(0)}</td>
              <td class="num">
                {row.reachableShare === null ? '—' : `${(100 * row.reachableShare).toFixed(0)} %`}
              </td>
              <td>{formatEventCounts(row.events)}</td>
              <td class="num">{row.price === null ? '—' : row.price.toLocaleString('en-US')}</td>
              <IntervalCell
                value={row.costPer1000Real}
                mayBeOff={row.pointMayBeOff}
                format={formatMoney}
                words={formatMoneyInterval}
              />
              <IntervalCell
                value={row.effectiveCpm}
                mayBeOff={row.pointMayBeOff}
                format={formatMoney}
                words={formatMoneyInterval}
              />
              <IntervalCell
                value={row.fairPrice}
                mayBeOff={row.pointMayBeOff}
                format={formatMoney}
                words={formatMoneyInterval}
              />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ComparePage(props: ComparePageProps) {
  return (
    <PageShell title="Compare" signedIn current="compare">
      <header class="hero">
        <p class="eyebrow">Compare candidates</p>
        <h1>Which profile gives the most real audience for the money?</h1>
        <p class="sub">
          Pick saved profiles (each is compared on its latest audit) and give what each asks for a post.
          Candidates are ranked on the conservative end: the most a real follower can cost, not the point
          estimate.
        </p>
      </header>
      <section class="card">
        {props.profiles.length < 2 && (
          <p class="note" id="compare-needs-two">
            {`Comparing needs at least two saved profiles; ${props.profiles.length === 0 ? 'none is' : 'one is'} saved so far. An audit counts once its profile is known: upload another profile's followers with its profile file (`}
            <a href="/upload">Upload</a>
            {', or '}
            <code>
              realreach audit FOLLOWERS <span class="nowrap">--profile FILE</span>{' '}
              <span class="nowrap">--save</span>
            </code>
            {') and it appears here.'}
          </p>
        )}
        <form method="get" action="/compare" id="compare-form">
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">Compare</th>
                  <th scope="col">Profile</th>
                  <th scope="col">Price</th>
                </tr>
              </thead>
              <tbody>
                {props.profiles.map((profile) => {
                  const ref = candidateRef(profile);
                  return (
                    <tr>
                      <td>
                        <input
                          type="checkbox"
                          name="c"
                          value={ref}
                          id={`c-${ref}`}
                          checked={props.chosen.includes(ref)}
                        />
                      </td>
                      <td>
                        <label for={`c-${ref}`}>{profileName(profile)}</label>
                      </td>
                      <td>
                        <input
                          type="number"
                          min="0"
                          step="any"
                          name={`price:${ref}`}
                          value={props.prices[ref] ?? ''}
                          aria-label={`price of ${profileName(profile)}`}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p>
            <label>
              {'CPM benchmark (an assumption: edit it) '}
              <input type="number" min="0.01" step="any" name="cpm" value={String(props.cpmBenchmark)} />
            </label>{' '}
            <button type="submit">Compare</button>
          </p>
        </form>
      </section>
      {props.error !== undefined && (
        <section class="card alert" role="alert">
          <p>{props.error}</p>
        </section>
      )}
      {props.rows !== undefined && (
        <section class="card" id="compare-result">
          <h2>{`Ranking of ${props.rows.length} candidates`}</h2>
          <ResultTable rows={props.rows} />
          <p>
            <a href={`/compare.csv?${props.query}`}>Download CSV</a>
            {' · '}
            <a href={`/compare.json?${props.query}`}>Download JSON</a>
          </p>
          <ul class="note" id="compare-formulas">
            <li>{`Rank: ${COMPARE_FORMULAS.rank}.`}</li>
            <li>{`Per 1,000 real = ${COMPARE_FORMULAS.costPer1000Real}.`}</li>
            <li>{`Effective CPM = ${COMPARE_FORMULAS.effectiveCpm}; quality-adjusted reach = ${COMPARE_FORMULAS.qualityAdjustedReach}; reachable share = ${COMPARE_FORMULAS.reachableShare}.`}</li>
            <li>{`Fair price = ${COMPARE_FORMULAS.fairPrice}; benchmark ${props.cpmBenchmark} (an assumption, editable above).`}</li>
          </ul>
        </section>
      )}
    </PageShell>
  );
}
