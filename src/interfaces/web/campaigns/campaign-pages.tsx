// The campaigns pages: the list with a form to make one, and a campaign's report — figures per profile, a daily chart of human and other hits and conversions, its links and a form to add one.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */

import { countOf } from '../../../core/plural.ts';
import { type Campaign, CONVERSION_KINDS, type TrackedLink } from '../../../value/campaign.ts';
import type { CampaignReport, ReportRow } from '../../../value/campaign-report.ts';
import { HIT_REASONS, REASON_WORDING } from '../../../value/click-verdict.ts';
import { formatMoney } from '../../../value/money.ts';
import { profileLabel, profileRefText } from '../../report/campaign-json.ts';
import {
  formatMoneyRate,
  formatRate,
  formatRealFollowers,
  rowFigures,
} from '../../report/campaign-report-view.ts';
import { PageShell } from '../page-layout.tsx';

function Problem(props: { problem?: string }) {
  return props.problem === undefined ? null : (
    <p class="problem" role="alert">
      {props.problem}
    </p>
  );
}

export function CampaignsPage(props: { campaigns: Campaign[]; problem?: string }) {
  return (
    <PageShell title="Campaigns" signedIn current="campaigns">
      <header class="hero">
        <h1>Campaigns</h1>
        <p class="sub">
          What each campaign cost, and the human clicks, leads and sales its profiles brought.
        </p>
      </header>
      <Problem problem={props.problem} />
      <section class="card">
        {props.campaigns.length === 0 ? (
          <p class="note">
            No campaigns yet: make one below, or run{' '}
            <code>realreach campaign create "Spring" --cost 2500 --currency EUR</code>.
          </p>
        ) : (
          <div class="table-wrap">
            <table class="list campaigns">
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  <th scope="col">Brand</th>
                  <th scope="col" class="num">
                    Cost
                  </th>
                  <th scope="col">Profiles</th>
                </tr>
              </thead>
              <tbody>
                {props.campaigns.map((campaign) => (
                  <tr>
                    <td>
                      <a href={`/campaigns/${campaign.id}`}>{`#${campaign.id} ${campaign.name}`}</a>
                    </td>
                    <td>{campaign.brand ?? '—'}</td>
                    <td class="num">{formatMoney(campaign.cost)}</td>
                    <td>{campaign.profiles.map((entry) => profileLabel(entry.profile)).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <form class="card" method="post" action="/campaigns">
        <h2>New campaign</h2>
        <label for="name">Name</label>
        <input id="name" name="name" type="text" required maxlength={200} />
        <label for="brand">Brand (optional)</label>
        <input id="brand" name="brand" type="text" maxlength={200} />
        <label for="cost">Cost</label>
        <input id="cost" name="cost" type="text" required inputmode="decimal" placeholder="2500.00" />
        <label for="currency">Currency</label>
        <input id="currency" name="currency" type="text" required maxlength={3} placeholder="EUR" />
        <div class="form-actions">
          <button type="submit">Create campaign</button>
        </div>
      </form>
    </PageShell>
  );
}

function Stat(props: { id: string; label: string; value: string; ci?: string }) {
  return (
    <div class="stat" id={props.id}>
      <div class="label">{props.label}</div>
      <div class="value">{props.value}</div>
      {props.ci !== undefined && <div class="ci">{props.ci}</div>}
    </div>
  );
}

function Headline(props: { report: CampaignReport }) {
  const { total, campaign } = props.report;
  const currency = campaign.cost.currency;
  const off = total.pointMayBeOff;
  const [costRate, costCi] = splitInterval(formatMoneyRate(total.costPerRealFollower, currency, true, off));
  const [revenueRate, revenueCi] = splitInterval(
    formatMoneyRate(total.revenuePer1000Real, currency, false, off),
  );
  const [clicksRate, clicksCi] = splitInterval(formatRate(total.clicksPer1000Real, off));
  return (
    <section class="stats" aria-label="Campaign totals">
      <Stat
        id="stat-human-clicks"
        label="Human clicks"
        value={total.humanClicks.toLocaleString('en-US')}
        ci={`of ${countOf(total.rawHits, 'hit')}`}
      />
      <Stat
        id="stat-clicks-per-1000"
        label="Clicks per 1,000 real followers"
        value={clicksRate}
        ci={clicksCi}
      />
      <Stat id="stat-cost-per-real" label="Cost per real follower" value={costRate} ci={costCi} />
      <Stat
        id="stat-revenue-per-1000"
        label="Revenue per 1,000 real followers"
        value={revenueRate}
        ci={revenueCi}
      />
      <Stat
        id="stat-conversions"
        label="Conversions"
        value={String(
          total.conversions.lead +
            total.conversions.signup +
            total.conversions.sale +
            total.conversions.referral,
        )}
        ci={CONVERSION_KINDS.map((kind) => countOf(total.conversions[kind], kind)).join(', ')}
      />
      <Stat
        id="stat-return"
        label="Return on spend"
        value={total.returnOnSpend === null ? '—' : `${total.returnOnSpend.toFixed(2)}×`}
        ci={`revenue ${total.revenue.length === 0 ? '0' : total.revenue.map(formatMoney).join(' + ')} for ${formatMoney(campaign.cost)}`}
      />
    </section>
  );
}

/** "0.0500 EUR (0.0480–0.0520)" → ["0.0500 EUR", "95 % CI 0.0480–0.0520"]. */
function splitInterval(text: string): [string, string | undefined] {
  const open = text.indexOf(' (');
  if (open < 0) return [text, undefined];
  const inside = text.slice(open + 2, -1);
  // range first (the audit's reading may be off): the range is the figure, the reading beneath it
  if (inside.startsWith('the model reads'))
    return [text.slice(0, open), `${inside} (the range is from the audit's 95 % CI)`];
  return [text.slice(0, open), `range ${inside} (from the audit's 95 % CI)`];
}

function FiguresTable(props: { report: CampaignReport }) {
  const { report } = props;
  const rows: [string, ReportRow][] = [
    ['All profiles', report.total],
    ...report.profiles.map((row): [string, ReportRow] => [
      row.profile === null ? '' : profileLabel(row.profile),
      row,
    ]),
  ];
  const labels = rowFigures(report.total, report.campaign.cost.currency).map(([label]) => label);
  return (
    <div class="table-wrap">
      <table class="list figures" id="campaign-figures">
        <thead>
          <tr>
            <th scope="col">Figure</th>
            {rows.map(([name]) => (
              <th scope="col">{name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, index) => (
            <tr data-figure={label}>
              <th scope="row">{label}</th>
              {rows.map(([, row]) => (
                <td>{rowFigures(row, report.campaign.cost.currency)[index]?.[1]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DailyChart(props: { report: CampaignReport }) {
  const { daily } = props.report;
  if (daily.length === 0)
    return (
      <p class="note chart-empty">No hits yet: share a tracked link below and the days will show here.</p>
    );
  const values = {
    days: daily.map((point) => Date.parse(`${point.day}T00:00:00Z`) / 1000),
    human: daily.map((point) => point.humanClicks),
    other: daily.map((point) => point.otherHits),
    conversions: daily.map((point) => point.conversions),
    unattributed: daily.map((point) => point.unattributedConversions),
  };
  const description = daily
    .map(
      (point) =>
        `${point.day}: ${countOf(point.humanClicks, 'human click')}, ${countOf(point.otherHits, 'other hit')}, ${countOf(point.conversions, 'conversion')}, ${point.unattributedConversions} unattributed`,
    )
    .join('; ');
  return (
    <div
      class="uplot-chart"
      id="campaign-daily"
      role="img"
      aria-label={`Per day. ${description}`}
      data-chart="campaign"
      data-values={JSON.stringify(values)}
    />
  );
}

export function CampaignPage(props: {
  report: CampaignReport;
  links: TrackedLink[];
  publicUrl: string;
  problem?: string;
  /** What the last form did (a conversion kept, an import's counts). */
  notice?: string[];
}) {
  const { report, links } = props;
  const { campaign } = report;
  return (
    <PageShell title={campaign.name} signedIn current="campaigns" charts>
      <header class="hero">
        <p class="eyebrow">{`Campaign #${campaign.id}${campaign.brand ? ` · ${campaign.brand}` : ''}${campaign.startsOn || campaign.endsOn ? ` · ${campaign.startsOn ?? '…'} to ${campaign.endsOn ?? '…'}` : ''}`}</p>
        <h1>{campaign.name}</h1>
        <p class="sub">{`Cost ${formatMoney(campaign.cost)} · conversions go to the last human click within ${countOf(report.attributionWindowDays, 'day')} · real followers from each profile's latest saved audit: ${report.profiles.map((row) => `${row.profile === null ? '' : profileLabel(row.profile)} ${formatRealFollowers(row)}`).join('; ') || 'no profiles yet'}`}</p>
        <p>
          <a href={`/campaigns/${campaign.id}/report.json`}>Download JSON</a> ·{' '}
          <a href={`/campaigns/${campaign.id}/report.csv`}>Download CSV</a>
        </p>
      </header>
      <Problem problem={props.problem} />
      {props.notice !== undefined && (
        <section class="card notice" role="status">
          {props.notice.map((line) => (
            <p>{line}</p>
          ))}
        </section>
      )}
      <Headline report={report} />
      <section class="card">
        <h2>Per day: human clicks, other hits and conversions (attributed and not)</h2>
        <DailyChart report={report} />
      </section>
      <section class="card">
        <h2>Figures per profile</h2>
        <FiguresTable report={report} />
        {report.notes.map((note) => (
          <p class="note">{note}</p>
        ))}
      </section>
      <section class="card">
        <h2>{`Hits by verdict (${report.total.rawHits.toLocaleString('en-US')} kept)`}</h2>
        <div class="table-wrap">
          <table class="list reasons" id="hit-reasons">
            <tbody>
              {HIT_REASONS.map((reason) => (
                <tr>
                  <td class="num">{report.hitReasons[reason].toLocaleString('en-US')}</td>
                  <th scope="row">{reason}</th>
                  <td>{REASON_WORDING[reason]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p class="note">{`Unattributed conversions: ${report.unattributed.count} (no click id ${report.unattributed.byReason['no-click-id']}, unknown click ${report.unattributed.byReason['unknown-click']}, bot click ${report.unattributed.byReason['bot-click']}, outside the window ${report.unattributed.byReason['outside-window']}).`}</p>
      </section>
      <section class="card">
        <h2>{`Tracked links (${links.length})`}</h2>
        {links.length > 0 && (
          <div class="table-wrap">
            <table class="list links" id="tracked-links">
              <thead>
                <tr>
                  <th scope="col">Short link</th>
                  <th scope="col">Profile</th>
                  <th scope="col">Sends to</th>
                </tr>
              </thead>
              <tbody>
                {links.map((link) => (
                  <tr>
                    <td>
                      <code>{`${props.publicUrl}/r/${link.slug}`}</code>
                    </td>
                    <td>{profileLabel(link.profile)}</td>
                    <td>{link.target}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <form method="post" action={`/campaigns/${campaign.id}/links`}>
          <label for="profile">Profile</label>
          <input
            id="profile"
            name="profile"
            type="text"
            required
            placeholder="x:@handle or mastodon:109…"
            value={
              report.profiles.length === 1 && report.profiles[0]?.profile
                ? profileRefText(report.profiles[0].profile)
                : undefined
            }
          />
          <label for="to">Sends to</label>
          <input id="to" name="to" type="text" required placeholder="https://shop.example/spring" />
          <div class="form-actions">
            <button type="submit">Make tracked link</button>
          </div>
        </form>
      </section>
      <ConversionForms campaignId={campaign.id} />
    </PageShell>
  );
}

function ConversionForms(props: { campaignId: number }) {
  return (
    <section class="card">
      <h2>Conversions from the shop</h2>
      <p class="hint">
        Leads, sign-ups, sales and referrals; the shop's own id keeps each once, and the click id (the{' '}
        <code>rr_click</code> the shop kept) attributes it to the profile whose link was clicked.
      </p>
      <form method="post" action={`/campaigns/${props.campaignId}/conversions`}>
        <label for="kind">Kind</label>
        <select id="kind" name="kind">
          {CONVERSION_KINDS.map((kind) => (
            <option value={kind}>{kind}</option>
          ))}
        </select>
        <label for="amount">Amount (sales)</label>
        <input id="amount" name="amount" type="text" inputmode="decimal" placeholder="49.90" />
        <label for="conversion-currency">Currency (sales)</label>
        <input id="conversion-currency" name="currency" type="text" maxlength={3} placeholder="EUR" />
        <label for="order-id">Shop id (order, lead…)</label>
        <input id="order-id" name="orderId" type="text" maxlength={200} />
        <label for="click-id">Click id (rr_click)</label>
        <input id="click-id" name="clickId" type="text" maxlength={64} />
        <label for="code">Referral code</label>
        <input id="code" name="code" type="text" maxlength={200} />
        <div class="form-actions">
          <button type="submit">Record conversion</button>
        </div>
      </form>
      <form
        method="post"
        action={`/campaigns/${props.campaignId}/conversions/import`}
        enctype="multipart/form-data"
      >
        <label for="conversions-csv">Import a CSV</label>
        <input id="conversions-csv" name="file" type="file" accept=".csv,text/csv" required />
        <p class="hint">
          Columns <code>kind, order_id, click_id, amount, currency, code, occurred_at</code> (and{' '}
          <code>campaign</code>, this one when empty); bad rows are named and skipped, good ones kept.
        </p>
        <div class="form-actions">
          <button type="submit">Import</button>
        </div>
      </form>
    </section>
  );
}
