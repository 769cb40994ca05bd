// Draws the dashboard's uPlot charts in the browser from the numbers each [data-chart] element carries in data-values.
(() => {
  const style = getComputedStyle(document.documentElement);
  const color = (name) => style.getPropertyValue(name).trim();
  const axis = (label) => ({
    label,
    stroke: color('--muted'),
    grid: { stroke: color('--line'), width: 1 },
    ticks: { stroke: color('--line'), width: 1 },
  });

  /** Followers per p(fake) bin as bars, the bins from the suspicious threshold up in the suspicious colour. */
  function histogram(values) {
    const { edges, counts, threshold } = values;
    const centres = counts.map((_, i) => (edges[i] + edges[i + 1]) / 2);
    const bars = uPlot.paths.bars({ size: [0.92, 80] });
    const top = Math.max(1, ...counts);
    const series = (label, fill) => ({
      label,
      fill,
      stroke: fill,
      paths: bars,
      points: { show: false },
      value: (_, count) => (count == null ? '–' : count.toLocaleString('en-US')),
    });
    const binsWhere = (keep) => counts.map((count, i) => (keep(centres[i]) ? count : null));
    return {
      height: 240,
      options: {
        scales: {
          x: { time: false, range: [edges[0], edges[edges.length - 1]] },
          y: { range: [0, top * 1.08] },
        },
        axes: [axis('p(fake)'), axis('followers')],
        series: [
          { label: 'p(fake)', value: (_, x) => (x == null ? '–' : x.toFixed(2)) },
          series(`p(fake) < ${threshold}`, color('--below')),
          series(`suspicious: p(fake) ≥ ${threshold}`, color('--suspicious')),
        ],
      },
      data: [centres, binsWhere((x) => x < threshold), binsWhere((x) => x >= threshold)],
    };
  }

  /** Markers only, no line: uPlot draws the points of a series whose path is empty. */
  const markers = (label, fill, size) => ({
    label,
    stroke: fill,
    fill,
    width: 0,
    paths: () => null,
    points: { show: true, size, fill, stroke: fill },
    value: (_, v) => (v == null ? '–' : v.toLocaleString('en-US')),
  });

  /** The follower count at each snapshot, as a line with its points, and its events as markers. */
  function history(values) {
    const { times } = values;
    const month = 30 * 24 * 3600;
    // One snapshot alone would sit at the edge of years of padding: centre it in a two-month window.
    const x =
      times.length === 1 ? { time: true, range: [times[0] - month, times[0] + month] } : { time: true };
    return {
      height: 260,
      options: {
        scales: { x, y: { range: (_, __, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [axis(''), axis('followers')],
        series: [
          {},
          {
            label: 'followers',
            stroke: color('--accent'),
            width: 2,
            points: { show: true, size: 8, fill: color('--accent') },
            value: (_, count) => (count == null ? '–' : count.toLocaleString('en-US')),
          },
          markers('spike', color('--suspicious'), 14),
          markers('drop', color('--text') || '#222', 14),
          markers('regime change', color('--muted'), 14),
        ],
      },
      data: [
        values.times,
        values.counts,
        values.events?.spike ?? values.times.map(() => null),
        values.events?.drop ?? values.times.map(() => null),
        values.events?.['regime-change'] ?? values.times.map(() => null),
      ],
    };
  }

  /** A campaign's days: human clicks, the other hits (bots, previews, HEADs, repeats), conversions and unattributed ones. */
  function campaign(values) {
    const line = (label, stroke, dash) => ({
      label,
      stroke,
      width: 2,
      dash,
      points: { show: true, size: 6, fill: stroke },
      value: (_, count) => (count == null ? '–' : count.toLocaleString('en-US')),
    });
    const day = 24 * 3600;
    const { days } = values;
    const x =
      days.length === 1 ? { time: true, range: [days[0] - 3 * day, days[0] + 3 * day] } : { time: true };
    return {
      height: 260,
      options: {
        scales: { x, y: { range: (_, __, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [axis(''), axis('per day')],
        series: [
          {},
          line('human clicks', color('--accent')),
          line('bots, previews, HEADs, repeats', color('--suspicious'), [6, 4]),
          line('conversions', color('--real')),
          line('unattributed conversions', color('--mass'), [2, 3]),
        ],
      },
      data: [days, values.human, values.other, values.conversions, values.unattributed ?? days.map(() => 0)],
    };
  }

  /** Followers in follow order (across) against their accounts' creation dates (up); bought batches in the suspicious colour. */
  function followOrder(values) {
    const year = (_, ticks) => ticks.map((t) => String(new Date(t * 1000).getUTCFullYear()));
    return {
      height: 300,
      options: {
        scales: { x: { time: false }, y: { time: false } },
        axes: [axis('follow order (oldest first)'), { ...axis('account created'), values: year, size: 56 }],
        series: [
          { label: 'follower', value: (_, x) => (x == null ? '–' : x.toLocaleString('en-US')) },
          {
            ...markers('followers', color('--accent'), 3),
            value: (_, t) => (t == null ? '–' : new Date(t * 1000).toISOString().slice(0, 10)),
          },
          {
            ...markers('bought batch', color('--suspicious'), 3),
            value: (_, t) => (t == null ? '–' : new Date(t * 1000).toISOString().slice(0, 10)),
          },
        ],
      },
      data: [values.order, values.organic, values.batch],
    };
  }

  const charts = { histogram, history, campaign, followOrder };
  for (const element of document.querySelectorAll('[data-chart]')) {
    const make = charts[element.dataset.chart];
    if (!make) continue;
    const chart = make(JSON.parse(element.dataset.values));
    const width = () => Math.max(240, element.clientWidth);
    const plot = new uPlot({ ...chart.options, width: width(), height: chart.height }, chart.data, element);
    new ResizeObserver(() => plot.setSize({ width: width(), height: chart.height })).observe(element);
  }
})();
