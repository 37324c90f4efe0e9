// Charts: uPlot (canvas) for series over days, plain SVG for ranked bars. Colours come from the
// style sheet's variables, so both follow the light and dark themes.
import uPlot from '../vendor/uPlot.esm.js';
import { h, fmtUsd, fmtInt } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

function dayToUnix(day) {
  return Date.parse(day + 'T00:00:00Z') / 1000;
}

/**
 * Daily series: bars of spend (left axis, USD) and a line of requests (right axis).
 * days: [{date, spend, api_requests, failures}]. Returns the chart's container.
 */
export function dailyChart(days, { height = 260 } = {}) {
  const box = h('div', { class: 'chart', 'data-chart': 'daily', 'data-points': String(days.length) });
  const xs = days.map((d) => dayToUnix(d.date));
  const spend = days.map((d) => Number(d.spend || 0));
  const requests = days.map((d) => Number(d.api_requests || 0));
  const failures = days.map((d) => Number(d.failures || 0));
  const text = cssVar('--muted');
  const grid = cssVar('--grid');
  const axis = (scale, side, fmt) => ({
    scale,
    side,
    stroke: text,
    grid: { stroke: grid, width: 1, show: side === 3 },
    ticks: { stroke: grid, width: 1 },
    values: (u, vals) => vals.map(fmt),
    size: 64,
  });
  // whole numbers on the requests axis
  const counts = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 1e4, 2e4, 5e4, 1e5, 1e6, 1e7];
  const opts = {
    width: 600,
    height,
    padding: [12, 8, 0, 0],
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, usd: { range: (u, min, max) => [0, max > 0 ? max * 1.15 : 1] }, n: { range: (u, min, max) => [0, max > 0 ? max * 1.15 : 1] } },
    axes: [
      { stroke: text, grid: { show: false }, ticks: { stroke: grid } },
      axis('usd', 3, (v) => fmtUsd(v)),
      { ...axis('n', 1, (v) => fmtInt(Math.round(v))), incrs: counts },
    ],
    series: [
      { value: (u, v) => (v == null ? '—' : new Date(v * 1000).toISOString().slice(0, 10)) },
      {
        label: 'Spend',
        scale: 'usd',
        stroke: cssVar('--chart-1'),
        fill: cssVar('--chart-1') + '99',
        width: 1,
        paths: uPlot.paths.bars({ size: [0.7, 48] }),
        points: { show: false },
        value: (u, v) => (v == null ? '—' : fmtUsd(v)),
      },
      { label: 'Requests', scale: 'n', stroke: cssVar('--chart-2'), width: 2, points: { show: days.length < 45 }, value: (u, v) => (v == null ? '—' : fmtInt(v)) },
      { label: 'Errors', scale: 'n', stroke: cssVar('--bad'), width: 1.5, dash: [4, 4], points: { show: false }, value: (u, v) => (v == null ? '—' : fmtInt(v)) },
    ],
  };
  const plot = new uPlot(opts, [xs, spend, requests, failures], box);
  const fit = () => {
    const w = Math.max(box.clientWidth, 240);
    if (Math.abs(w - plot.width) > 2) {
      plot.setSize({ width: w, height });
    }
  };
  const ro = new ResizeObserver(fit);
  ro.observe(box);
  requestAnimationFrame(fit);
  box.destroyChart = () => {
    ro.disconnect();
    plot.destroy();
  };
  return box;
}

/**
 * Ranked horizontal bars: items [{label, value}] (highest first); format formats the value. Labels
 * and values are HTML text (readable at any width); each bar is a small SVG scaled to its row.
 */
export function barChart(items, { format = fmtUsd, name = 'bars', max = 10 } = {}) {
  const rows = items.slice(0, max);
  const top = Math.max(...rows.map((r) => Number(r.value) || 0), 0);
  const box = h('div', { class: 'bars', role: 'img', 'aria-label': name, 'data-chart': name, 'data-points': String(rows.length) });
  for (const r of rows) {
    const shown = String(r.label ?? '(none)');
    const v = Number(r.value) || 0;
    const pct = top > 0 ? Math.max((v / top) * 100, v > 0 ? 1 : 0) : 0;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 100 10');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('aria-hidden', 'true');
    const track = document.createElementNS(SVG, 'rect');
    track.setAttribute('class', 'track');
    track.setAttribute('width', '100');
    track.setAttribute('height', '10');
    const bar = document.createElementNS(SVG, 'rect');
    bar.setAttribute('class', 'bar');
    bar.setAttribute('width', pct.toFixed(2));
    bar.setAttribute('height', '10');
    svg.append(track, bar);
    box.append(h('div', { class: 'bar-row', title: `${shown}: ${format(r.value)}` }, h('span', { class: 'bar-label', text: shown }), svg, h('span', { class: 'bar-value', text: format(r.value) })));
  }
  return box;
}
