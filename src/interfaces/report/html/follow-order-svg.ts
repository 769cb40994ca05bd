// The "follower factory" picture as a self-contained SVG card for the HTML report: follow order across, creation date up, bought batches in red.

import { countOf, nounFor } from '../../../core/plural.ts';
import type { FollowOrderView } from '../../follow-order-view.ts';
import { escapeHtml as e } from './html-escape.ts';

const WIDTH = 720;
const HEIGHT = 300;
const PAD = { left: 64, right: 12, top: 12, bottom: 36 };
/** An SVG with more circles than this gets slow to open: thinner sampling beyond it. */
const MAX_SVG_POINTS = 6_000;

function yearTicks(low: number, high: number): number[] {
  const from = new Date(low).getUTCFullYear();
  const to = new Date(high).getUTCFullYear();
  const every = Math.max(1, Math.ceil((to - from + 1) / 8));
  const ticks: number[] = [];
  for (let year = from; year <= to + 1; year += every) ticks.push(Date.UTC(year, 0, 1));
  return ticks.filter((t) => t >= low && t <= high);
}

export function renderFollowOrderSvg(view: FollowOrderView): string {
  const every = Math.max(1, Math.ceil(view.points.length / MAX_SVG_POINTS));
  const points = view.points.filter((_, i) => i % every === 0 || view.points[i]?.inBatch);
  const xs = points.map((p) => p.order);
  const ys = points.map((p) => p.createdAt);
  const xMax = Math.max(...xs, 1);
  const yMin = Math.min(...ys);
  const yMax = Math.max(...ys, yMin + 86_400_000);
  const x = (v: number) => PAD.left + ((v - 1) / Math.max(1, xMax - 1)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) =>
    HEIGHT - PAD.bottom - ((v - yMin) / (yMax - yMin)) * (HEIGHT - PAD.top - PAD.bottom);
  const dots = points
    .map(
      (p) =>
        `<circle cx="${x(p.order).toFixed(1)}" cy="${y(p.createdAt).toFixed(1)}" r="1.6" class="${p.inBatch ? 'batch' : 'dot'}"/>`,
    )
    .join('');
  const ticks = yearTicks(yMin, yMax)
    .map(
      (t) =>
        `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" class="grid"/><text x="${PAD.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${new Date(t).getUTCFullYear()}</text>`,
    )
    .join('');
  const description = `${countOf(view.followers, 'follower')} in follow order (oldest on the left) against the date each account was created; ${countOf(view.batches.length, 'bought batch', 'bought batches')} in red.`;
  // A <style> inside an inline SVG styles the whole page: every rule is scoped to this picture.
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${e(description)}" class="follow-order" xmlns="http://www.w3.org/2000/svg"><style>.follow-order .dot{fill:#4b6cb7;opacity:.55}.follow-order .batch{fill:#c0392b}.follow-order .grid{stroke:#ddd}.follow-order text{font:11px sans-serif;fill:#666}</style>${ticks}${dots}<text x="${(WIDTH / 2).toFixed(0)}" y="${HEIGHT - 8}" text-anchor="middle">follow order (oldest follower first) →</text></svg>`;
}

/** The report card: the picture, what it shows, and the batches found with their positions. */
export function renderFollowOrderCard(view: FollowOrderView): string {
  const rows = view.batches
    .map(
      (b) =>
        `<tr><td class="num">${b.start.toLocaleString('en-US')}–${b.end.toLocaleString('en-US')}</td><td class="num">${b.size.toLocaleString('en-US')}</td><td>${e(b.createdFrom ?? '?')} – ${e(b.createdTo ?? '?')}</td><td class="num">${b.meanPFake.toFixed(2)}</td><td>${e(b.evidence.slice(1).join('; '))}</td></tr>`,
    )
    .join('');
  const table =
    view.batches.length === 0
      ? '<p class="note">No run of followers alike in the ways bought batches are (high p(fake) with packed or ordered creation dates, or one handle template).</p>'
      : `<table><thead><tr><th>Positions (list order)</th><th>Followers</th><th>Created</th><th>Mean p(fake)</th><th>Evidence</th></tr></thead><tbody>${rows}</tbody></table>`;
  const undated =
    view.undated > 0
      ? ` ${countOf(view.undated, 'follower')} without a creation date ${nounFor(view.undated, 'is', 'are')} left out.`
      : '';
  return `<section class="card" id="follow-order"><h2>Follow order × creation date</h2>${renderFollowOrderSvg(view)}<p class="note">Each dot is a follower: across, the order they followed in (oldest first); up, when their account was created. Organic followers spread up to the frontier of new accounts; a bought batch shows as a dense streak of accounts made together, followed together (the "follower factory" picture).${view.step > 1 ? ` Every ${view.step}th follower is drawn.` : ''}${undated}</p>${table}</section>`;
}
