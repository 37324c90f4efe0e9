// Logs: recent calls from the spend log, newest first, filtered by key, model, status and days.
import * as api from '../api.js';
import { h, clear, field, table, pager, badge, fmtUsd, fmtInt, fmtTime, errorBox, card } from '../dom.js';

export async function render(root) {
  const key = h('input', { type: 'text', placeholder: 'key-… id', autocomplete: 'off' });
  const model = h('input', { type: 'text', placeholder: 'model group', autocomplete: 'off' });
  const status = h(
    'select',
    null,
    h('option', { value: '', text: 'any' }),
    h('option', { value: 'success', text: 'success' }),
    h('option', { value: 'failure', text: 'failure' }),
    h('option', { value: 'cancelled', text: 'cancelled' }),
  );
  const from = h('input', { type: 'date' });
  const to = h('input', { type: 'date' });
  const state = { page: 1 };
  const out = h('div');
  const form = h(
    'form',
    { class: 'toolbar' },
    field('Key', key),
    field('Model', model),
    field('Status', status),
    field('From', from),
    field('To', to),
    h('button', { type: 'submit', class: 'primary', text: 'Filter' }),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    state.page = 1;
    load();
  });
  status.addEventListener('change', () => {
    state.page = 1;
    load();
  });
  root.append(form, out);

  async function load() {
    let data;
    try {
      data = await api.get('/spend/logs', {
        api_key: key.value.trim(),
        model: model.value.trim(),
        status: status.value,
        start_date: from.value,
        end_date: to.value,
        page: state.page,
        size: 50,
      });
    } catch (e) {
      clear(out).append(errorBox(e));
      return;
    }
    clear(out).append(
      card(
        null,
        table(
          [
            { label: 'Time', value: (r) => fmtTime(r.startTime) },
            { label: 'Status', value: (r) => badge(r.status === 'success' ? `${r.http_status}` : `${r.http_status} ${r.status}`, r.status === 'success' ? 'ok' : r.status === 'cancelled' ? 'warn' : 'bad') },
            { label: 'Model', value: (r) => r.model_group || r.model },
            { label: 'Deployment', value: (r) => r.model_id },
            { label: 'Key', value: (r) => (r.api_key ? h('code', { text: r.api_key }) : null) },
            { label: 'User', value: (r) => r.user },
            { label: 'Tokens', value: (r) => `${fmtInt(r.prompt_tokens)} / ${fmtInt(r.completion_tokens)}`, num: true },
            { label: 'Cost', value: (r) => fmtUsd(r.spend), num: true },
            { label: 'Latency', value: (r) => `${fmtInt(r.latency_ms)} ms`, num: true },
            { label: 'TTFT', value: (r) => (r.ttft_ms == null ? '—' : `${fmtInt(r.ttft_ms)} ms`), num: true },
            { label: 'Call', value: (r) => h('code', { title: r.request_id, text: r.request_id.slice(0, 8) }) },
          ],
          data.data,
          { empty: 'No calls match.' },
        ),
        pager(data.page, data.total_pages, data.total, (p) => {
          state.page = p;
          load();
        }),
      ),
    );
  }

  await load();
}
