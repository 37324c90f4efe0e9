// Overview: this month's requests, errors and spend (today and month), the last 30 days as a
// chart, and the models and keys that spent most this month. Scoped by the server to what the
// signed-in principal may read.
import * as api from '../api.js';
import { h, card, stat, table, fmtUsd, fmtInt, utcToday, daysAgo } from '../dom.js';
import { dailyChart, barChart } from '../charts.js';

export async function render(root, ctx) {
  const today = utcToday();
  const monthStart = today.slice(0, 8) + '01';
  const [month, last30, models, keys, keyList] = await Promise.all([
    api.get('/spend/daily', { start_date: monthStart, end_date: today }),
    api.get('/spend/daily', { start_date: daysAgo(29), end_date: today }),
    api.get('/spend/models', { start_date: monthStart, end_date: today }),
    api.get('/spend/keys', { start_date: monthStart, end_date: today }),
    api.get('/key/list', { return_full_object: 'true', size: 500 }).catch(() => null),
  ]);
  const names = new Map();
  for (const k of (keyList && keyList.keys) || []) {
    names.set(k.token, k.key_alias || k.key_name);
  }
  const todayRow = month.daily_data.find((d) => d.date === today) || { spend: 0, api_requests: 0, failures: 0 };
  const errorRate = month.sum_api_requests ? ((100 * month.sum_failures) / month.sum_api_requests).toFixed(1) + '% of requests' : 'no requests yet';
  root.append(
    h(
      'div',
      { class: 'stats' },
      stat('Requests this month', fmtInt(month.sum_api_requests), `${fmtInt(todayRow.api_requests)} today`),
      stat('Errors this month', fmtInt(month.sum_failures), errorRate),
      stat('Spend today', fmtUsd(todayRow.spend), today + ' (UTC)'),
      stat('Spend this month', fmtUsd(month.sum_spend), `since ${monthStart}`),
    ),
  );
  const chartCard = card('Spend and requests, last 30 days');
  chartCard.append(dailyChart(last30.daily_data));
  ctx.onLeave(() => chartCard.querySelector('.chart')?.destroyChart?.());
  root.append(chartCard);
  const keyLabel = (id) => (id ? names.get(id) || id : '(no key)');
  root.append(
    h(
      'div',
      { class: 'grid' },
      card(
        'Top models this month',
        barChart(models.map((m) => ({ label: m.model, value: m.spend })), { name: 'top-models', max: 5 }),
        table(
          [
            { label: 'Model group', value: (m) => m.model || '(none)' },
            { label: 'Requests', value: (m) => fmtInt(m.api_requests), num: true },
            { label: 'Tokens', value: (m) => fmtInt(m.total_tokens), num: true },
            { label: 'Spend', value: (m) => fmtUsd(m.spend), num: true },
          ],
          models.slice(0, 5),
          { empty: 'No calls this month.' },
        ),
      ),
      card(
        'Top keys this month',
        barChart(keys.map((k) => ({ label: keyLabel(k.key), value: k.spend })), { name: 'top-keys', max: 5 }),
        table(
          [
            { label: 'Key', value: (k) => keyLabel(k.key) },
            { label: 'Requests', value: (k) => fmtInt(k.api_requests), num: true },
            { label: 'Errors', value: (k) => fmtInt(k.failures), num: true },
            { label: 'Spend', value: (k) => fmtUsd(k.spend), num: true },
          ],
          keys.slice(0, 5),
          { empty: 'No calls this month.' },
        ),
      ),
    ),
  );
}

