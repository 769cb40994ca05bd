// Draws the report's charts as inline SVG from its numbers: share bars, the p(fake) histogram, the quality score bar.

import { countOf } from '../../../core/plural.ts';
import { formatCount, formatPoints, formatShare } from '../words/report-numbers.ts';
import { escapeHtml } from './html-escape.ts';

/** Width of every chart's viewBox: about a phone's width in CSS pixels, so text keeps its size there. */
const WIDTH = 360;

export interface ShareBar {
  label: string;
  count: number;
  share: number;
  /** CSS class suffix of the bar's colour: `tone-${tone}`. */
  tone: string;
}

export interface ChartText {
  title: string;
  /** The chart's numbers in words, for screen readers. */
  description: string;
}

export interface Histogram {
  edges: number[];
  counts: number[];
  /** Bins from this p(fake) up are drawn as suspicious; a dashed line marks it. */
  threshold: number;
}

export interface ScorePart {
  name: string;
  points: number;
}

/** Numbers in SVG attributes: two decimals are finer than a pixel. */
function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function svgOpen(text: ChartText, height: number, className: string): string {
  const label = escapeHtml(`${text.title}. ${text.description}`);
  return `<svg class="chart ${className}" viewBox="0 0 ${WIDTH} ${n(height)}" role="img" aria-label="${label}"><title>${escapeHtml(text.title)}</title><desc>${escapeHtml(text.description)}</desc>`;
}

const clampShare = (share: number) => Math.min(Math.max(share, 0), 1);

/** One row per bar: its label and "share · count" above a full-width track filled to the share. */
export function renderShareBars(text: ChartText, bars: ShareBar[]): string {
  const rowHeight = 42;
  const rows = bars.map((bar, index) => {
    const top = index * rowHeight;
    const value = `${formatShare(bar.share)} · ${formatCount(bar.count)}`;
    const filled = clampShare(bar.share) * WIDTH;
    return [
      `<g class="bar-row"><title>${escapeHtml(`${bar.label}: ${value}`)}</title>`,
      `<text class="chart-label" x="0" y="${n(top + 15)}">${escapeHtml(bar.label)}</text>`,
      `<text class="chart-value" x="${WIDTH}" y="${n(top + 15)}" text-anchor="end">${escapeHtml(value)}</text>`,
      `<rect class="track" x="0" y="${n(top + 22)}" width="${WIDTH}" height="12" rx="6"/>`,
      `<rect class="bar tone-${escapeHtml(bar.tone)}" x="0" y="${n(top + 22)}" width="${n(filled)}" height="12" rx="6"/>`,
      '</g>',
    ].join('');
  });
  return `${svgOpen(text, bars.length * rowHeight, 'share-bars')}${rows.join('')}</svg>`;
}

/** The smallest of 1, 2, 5 × 10^k at or above `value`: a round top for an axis. */
function roundAxisTop(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((multiple) => multiple * power >= value) ?? 10;
  return step * power;
}

/** Vertical bars per p(fake) bin, the suspicious threshold dashed, count gridlines at 0, half and top. */
export function renderHistogram(text: ChartText, histogram: Histogram): string {
  const height = 230;
  const plot = { left: 44, right: WIDTH - 6, top: 26, bottom: 186 };
  const first = histogram.edges[0] ?? 0;
  const last = histogram.edges[histogram.edges.length - 1] ?? 1;
  const x = (p: number) => plot.left + ((p - first) / (last - first || 1)) * (plot.right - plot.left);
  const top = roundAxisTop(Math.max(0, ...histogram.counts));
  const y = (count: number) => plot.bottom - (count / top) * (plot.bottom - plot.top);
  const total = histogram.counts.reduce((sum, count) => sum + count, 0);

  const grid = [0, top / 2, top].map(
    (count) =>
      `<line class="grid" x1="${plot.left}" x2="${plot.right}" y1="${n(y(count))}" y2="${n(y(count))}"/><text class="chart-axis" x="${plot.left - 6}" y="${n(y(count) + 4)}" text-anchor="end">${formatCount(count)}</text>`,
  );
  const bars = histogram.counts.map((count, index) => {
    const low = histogram.edges[index] ?? first;
    const high = histogram.edges[index + 1] ?? last;
    const tone = (low + high) / 2 >= histogram.threshold ? 'tone-suspicious' : 'tone-below';
    const share = total > 0 ? count / total : 0;
    const label = `p(fake) ${low.toFixed(2)}–${high.toFixed(2)}: ${countOf(count, 'follower')} (${formatShare(share)})`;
    return `<rect class="bar ${tone}" x="${n(x(low) + 1)}" y="${n(y(count))}" width="${n(Math.max(x(high) - x(low) - 2, 1))}" height="${n(plot.bottom - y(count))}" rx="2"><title>${escapeHtml(label)}</title></rect>`;
  });
  const labelEvery = Math.ceil((histogram.edges.length - 1) / 5);
  const ticks = histogram.edges
    .filter((_, index) => index % labelEvery === 0 || index === histogram.edges.length - 1)
    .map(
      (edge) =>
        `<text class="chart-axis" x="${n(x(edge))}" y="${plot.bottom + 17}" text-anchor="middle">${edge.toFixed(1)}</text>`,
    );
  const thresholdX = x(histogram.threshold);
  const thresholdLabel = `threshold ${histogram.threshold}`;
  const labelAnchor = thresholdX > WIDTH - 90 ? 'end' : 'start';
  const labelX = labelAnchor === 'end' ? thresholdX - 4 : thresholdX + 4;
  return [
    svgOpen(text, height, 'histogram'),
    `<text class="chart-axis" x="0" y="12">followers</text>`,
    ...grid,
    ...bars,
    `<line class="threshold" x1="${n(thresholdX)}" x2="${n(thresholdX)}" y1="${plot.top - 8}" y2="${plot.bottom}"/>`,
    `<text class="chart-axis threshold-label" x="${n(labelX)}" y="${plot.top - 12}" text-anchor="${labelAnchor}">${escapeHtml(thresholdLabel)}</text>`,
    ...ticks,
    `<text class="chart-axis" x="${n((plot.left + plot.right) / 2)}" y="${height - 6}" text-anchor="middle">p(fake)</text>`,
    '</svg>',
  ].join('');
}

/** The score as one bar out of 100, a segment per part sized by the points it adds. */
export function renderScoreBar(text: ChartText, parts: ScorePart[]): string {
  const height = 20;
  let left = 0;
  const segments = parts.map((part) => {
    const width = (Math.max(part.points, 0) / 100) * WIDTH;
    const segment = `<rect class="bar tone-${escapeHtml(part.name)}" x="${n(left)}" y="0" width="${n(width)}" height="${height}"><title>${escapeHtml(`${part.name}: ${formatPoints(part.points)} points`)}</title></rect>`;
    left += width;
    return segment;
  });
  return `${svgOpen(text, height, 'score-bar')}<rect class="track" x="0" y="0" width="${WIDTH}" height="${height}"/>${segments.join('')}</svg>`;
}
