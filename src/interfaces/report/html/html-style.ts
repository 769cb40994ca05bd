// The HTML report's inline stylesheet: phone first, system fonts only, light and dark colours.
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f4f5f8; --card: #ffffff; --text: #1c2230; --muted: #5d6678; --line: #e3e6ee; --track: #eceef4;
  --accent: #2f5bd3; --suspicious: #d64545; --mass: #e08a1e; --inactive: #8a94a6; --influencer: #7b5cd6;
  --real: #2f9e6e; --below: #6f8fd8; --band-1: #2f9e6e; --band-2: #86b84a; --band-3: #e0a11e; --band-4: #d64545;
  --warning-bg: #fff5e0; --warning: #8a5a00; --alert-bg: #fde8e8; --alert: #a12828;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #12151c; --card: #1b2029; --text: #e7eaf1; --muted: #9aa3b5; --line: #2c3340; --track: #2a303c;
    --accent: #7d9cf0; --below: #7d9cf0; --warning-bg: #3a2f14; --warning: #f2c66d; --alert-bg: #3d1c1c; --alert: #f29b9b;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: anywhere;
}
main { max-width: 1120px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 4px 0 8px; }
h2 { font-size: 1.1rem; margin: 0 0 12px; }
h3 { font-size: 0.95rem; margin: 16px 0 6px; }
p { margin: 0 0 8px; }
.eyebrow { color: var(--muted); font-size: 0.9rem; margin: 0; }
.sub { color: var(--muted); }
.hero { padding: 8px 0 16px; }
.hero .flags { margin: 4px 0 8px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 14px; padding: 16px; margin-bottom: 16px; }
.grid { display: grid; gap: 16px; grid-template-columns: 1fr; margin-bottom: 16px; }
.grid > .card { margin-bottom: 0; }
.stats { display: grid; gap: 12px; margin-bottom: 16px; grid-template-columns: repeat(2, minmax(0, 1fr)); }
.stat { background: var(--card); border: 1px solid var(--line); border-radius: 14px; padding: 12px 14px; }
.stat .label { color: var(--muted); font-size: 0.85rem; }
.stat .value { font-size: 1.5rem; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
.stat .ci { font-size: 0.85rem; color: var(--muted); }
.chart { display: block; width: 100%; height: auto; overflow: visible; }
.chart text { font-size: 14px; fill: var(--text); }
.chart .chart-axis { font-size: 12px; fill: var(--muted); }
.chart .chart-value { fill: var(--muted); font-variant-numeric: tabular-nums; }
.chart .track { fill: var(--track); }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .threshold { stroke: var(--text); stroke-width: 1.5; stroke-dasharray: 4 3; }
.score-bar { border-radius: 10px; overflow: hidden; margin: 8px 0 12px; }
.tone-suspicious { fill: var(--suspicious); } .tone-mass-follower { fill: var(--mass); }
.tone-inactive { fill: var(--inactive); } .tone-influencer { fill: var(--influencer); } .tone-real { fill: var(--real); }
.tone-below { fill: var(--below); }
.tone-band-1 { fill: var(--band-1); } .tone-band-2 { fill: var(--band-2); }
.tone-band-3 { fill: var(--band-3); } .tone-band-4 { fill: var(--band-4); }
.tone-authenticity { fill: var(--real); } .tone-reachability { fill: var(--accent); }
.tone-activity { fill: var(--band-3); } .tone-engagement { fill: var(--influencer); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.85rem; color: var(--muted); margin: 8px 0; padding: 0; list-style: none; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 6px; vertical-align: baseline; }
.swatch.tone-suspicious { background: var(--suspicious); } .swatch.tone-below { background: var(--below); }
.swatch.tone-authenticity { background: var(--real); } .swatch.tone-reachability { background: var(--accent); }
.swatch.tone-activity { background: var(--band-3); } .swatch.tone-engagement { background: var(--influencer); }
.rules { list-style: none; margin: 12px 0 0; padding: 0; font-size: 0.85rem; color: var(--muted); }
.rules li { margin-bottom: 4px; }
.rules strong { color: var(--text); }
.note { color: var(--muted); font-size: 0.9rem; }
.flags { list-style: none; margin: 0; padding: 0; }
.flags li { border-radius: 10px; padding: 10px 12px; margin-bottom: 8px; }
.parts { list-style: none; margin: 0; padding: 0; }
.parts li { padding: 8px 0; border-bottom: 1px solid var(--line); }
.parts li:last-child { border-bottom: 0; }
.part-head { display: flex; justify-content: space-between; gap: 12px; font-variant-numeric: tabular-nums; }
.flag-warning { background: var(--warning-bg); color: var(--warning); }
.flag-alert { background: var(--alert-bg); color: var(--alert); }
.nowrap { white-space: nowrap; }
.flags .point { font-weight: 600; margin: 0; }
.flags details { margin-top: 4px; font-size: 0.9rem; }
.flags details p { margin: 4px 0 0; }
.flags summary { cursor: pointer; }
.flags .point a { color: inherit; }
.stat.may-be-off .value { font-size: 1.35rem; }
.badge.off { background: var(--alert-bg); color: var(--alert); margin: 0 0 0 2px; }
.badge { display: inline-block; font-size: 0.75rem; font-weight: 600; border-radius: 999px; padding: 1px 8px; margin-right: 6px; background: var(--track); color: var(--text); white-space: nowrap; }
.badge.severity-alert { background: var(--suspicious); color: #fff; }
.badge.severity-warning { background: var(--mass); color: #fff; }
.badge.type-suspicious { background: var(--suspicious); color: #fff; }
.badge.type-mass-follower { background: var(--mass); color: #fff; }
.badge.type-inactive { background: var(--inactive); color: #fff; }
.badge.type-influencer { background: var(--influencer); color: #fff; }
.badge.type-real { background: var(--real); color: #fff; }
dl.facts { display: grid; grid-template-columns: minmax(0, 1fr); gap: 2px 16px; margin: 0; }
dl.facts dt { color: var(--muted); font-size: 0.85rem; margin-top: 8px; }
dl.facts dd { margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; font-size: 0.8rem; white-space: nowrap; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
td ol { margin: 0; padding-left: 1.2em; }
.source { display: block; color: var(--muted); font-size: 0.8rem; }
footer { color: var(--muted); font-size: 0.8rem; text-align: center; padding: 8px 0 24px; }
@media (max-width: 639px) {
  .card { padding: 14px; }
  .stat { padding: 10px 12px; }
  .stat .value { font-size: 1.3rem; }
  .stat .ci { font-size: 0.78rem; }
  .followers thead { display: none; }
  .followers tr { display: grid; grid-template-columns: 2em minmax(0, 1fr) auto; gap: 4px 8px; padding: 10px 0; border-bottom: 1px solid var(--line); }
  .followers td { border: 0; padding: 0; }
  .followers .rank { grid-column: 1; }
  .followers .who { grid-column: 2; }
  .followers .p-fake { grid-column: 3; text-align: right; }
  .followers .p-fake::before { content: "p(fake) "; color: var(--muted); font-size: 0.8rem; }
  .followers .kind, .followers .reasons, .followers .label { grid-column: 2 / 4; }
  .followers .label::before { content: "label: "; color: var(--muted); font-size: 0.8rem; }
}
@media (min-width: 640px) {
  main { padding: 24px; }
  h1 { font-size: 2rem; }
  .stats { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  .grid.two { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  dl.facts { grid-template-columns: max-content minmax(0, 1fr); }
  dl.facts dt { margin-top: 0; }
}
@media (min-width: 960px) {
  .grid.three { grid-template-columns: repeat(3, minmax(0, 1fr)); }
}
`;
