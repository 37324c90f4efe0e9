// Spend over a chosen range: by day (chart), by model, key and team (ranked bars and tables), and
// a CSV export of all four. The server narrows the figures to what the principal may read.
import * as api from '../api.js';
import { h, clear, field, card, table, fmtUsd, fmtInt, utcToday, daysAgo, errorBox, csv, download, stat } from '../dom.js';
import { dailyChart, barChart } from '../charts.js';

export async function render(root, ctx) {
  const from = h('input', { type: 'date', value: daysAgo(29) });
  const to = h('input', { type: 'date', value: utcToday() });
  const out = h('div');
  let last = null;
  const exportBtn = h('button', { type: 'button', text: 'Export CSV', disabled: true, onclick: () => exportCsv() });
  const apply = h('button', { type: 'button', class: 'primary', text: 'Apply', onclick: () => load() });
  const presets = h(
    'div',
    { class: 'actions' },
    [7, 30, 90].map((n) => h('button', { type: 'button', class: 'small', text: `${n} days`, onclick: () => { from.value = daysAgo(n - 1); to.value = utcToday(); load(); } })),
  );
  root.append(h('div', { class: 'toolbar' }, field('From', from), field('To', to), apply, presets, h('span', { class: 'spacer' }), exportBtn), out);
  let charts = [];
  ctx.onLeave(() => charts.forEach((c) => c.destroyChart && c.destroyChart()));

  async function load() {
    const q = { start_date: from.value, end_date: to.value };
    clear(out).append(h('p', { class: 'muted', text: 'Loading…' }));
    charts.forEach((c) => c.destroyChart && c.destroyChart());
    charts = [];
    try {
      const [daily, models, keys, teams, keyList] = await Promise.all([
        api.get('/spend/daily', q),
        api.get('/spend/models', q),
        api.get('/spend/keys', q),
        api.get('/spend/teams', q),
        api.get('/key/list', { return_full_object: 'true', size: 500 }).catch(() => null),
      ]);
      const names = new Map();
      for (const k of (keyList && keyList.keys) || []) {
        names.set(k.token, k.key_alias || k.key_name);
      }
      last = { daily, models, keys, teams, names };
      exportBtn.disabled = false;
      const chart = dailyChart(daily.daily_data);
      charts.push(chart);
      const cols = (label, get) => [
        { label, value: get },
        { label: 'Requests', value: (r) => fmtInt(r.api_requests), num: true },
        { label: 'Errors', value: (r) => fmtInt(r.failures), num: true },
        { label: 'Tokens', value: (r) => fmtInt(r.total_tokens), num: true },
        { label: 'Spend', value: (r) => fmtUsd(r.spend), num: true },
      ];
      const keyName = (id) => (id ? names.get(id) || id : '(no key)');
      clear(out).append(
        h(
          'div',
          { class: 'stats' },
          stat('Spend', fmtUsd(daily.sum_spend), `${daily.start_date} to ${daily.end_date}`),
          stat('Requests', fmtInt(daily.sum_api_requests)),
          stat('Errors', fmtInt(daily.sum_failures)),
          stat('Tokens', fmtInt(daily.sum_total_tokens)),
        ),
        card('By day', chart),
        h(
          'div',
          { class: 'grid' },
          card('By model', barChart(models.map((r) => ({ label: r.model, value: r.spend })), { name: 'by-model' }), table(cols('Model group', (r) => r.model || '(none)'), models, { empty: 'No calls in this range.' })),
          card('By key', barChart(keys.map((r) => ({ label: keyName(r.key), value: r.spend })), { name: 'by-key' }), table(cols('Key', (r) => keyName(r.key)), keys, { empty: 'No calls in this range.' })),
          card('By team', barChart(teams.map((r) => ({ label: r.team_id || '(no team)', value: r.spend })), { name: 'by-team' }), table(cols('Team', (r) => r.team_id || '(no team)'), teams, { empty: 'No calls in this range.' })),
        ),
      );
    } catch (e) {
      exportBtn.disabled = true;
      clear(out).append(errorBox(e));
    }
  }

  function exportCsv() {
    if (!last) {
      return;
    }
    const rows = [['dimension', 'id', 'name', 'api_requests', 'failures', 'total_tokens', 'spend_usd']];
    for (const d of last.daily.daily_data) {
      rows.push(['day', d.date, d.date, d.api_requests, d.failures, d.total_tokens, d.spend]);
    }
    for (const m of last.models) {
      rows.push(['model', m.model ?? '', m.model ?? '', m.api_requests, m.failures, m.total_tokens, m.spend]);
    }
    for (const k of last.keys) {
      rows.push(['key', k.key ?? '', last.names.get(k.key) ?? '', k.api_requests, k.failures, k.total_tokens, k.spend]);
    }
    for (const t of last.teams) {
      rows.push(['team', t.team_id ?? '', t.team_id ?? '', t.api_requests, t.failures, t.total_tokens, t.spend]);
    }
    download(`llmux-spend-${last.daily.start_date}-to-${last.daily.end_date}.csv`, csv(rows));
  }

  await load();
}
