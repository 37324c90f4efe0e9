// Audit: every change made through the management API, newest first, with before and after.
import * as api from '../api.js';
import { h, clear, field, table, pager, fmtTime, errorBox, card } from '../dom.js';

function json(text) {
  if (!text) {
    return '—';
  }
  let pretty = text;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    // as stored
  }
  return h('details', null, h('summary', { text: 'show' }), h('pre', { class: 'json', text: pretty }));
}

export async function render(root) {
  const actor = h('input', { type: 'text', autocomplete: 'off', placeholder: 'master, a user id…' });
  const action = h('input', { type: 'text', autocomplete: 'off', placeholder: 'key.generate…' });
  const type = h(
    'select',
    null,
    ['', 'key', 'user', 'team', 'organization', 'budget', 'end_user', 'invitation'].map((t) => h('option', { value: t, text: t || 'any' })),
  );
  const state = { page: 1 };
  const out = h('div');
  const form = h('form', { class: 'toolbar' }, field('Actor', actor), field('Action', action), field('Object type', type), h('button', { type: 'submit', class: 'primary', text: 'Filter' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    state.page = 1;
    load();
  });
  root.append(form, out);

  async function load() {
    let data;
    try {
      data = await api.get('/audit/logs', { changed_by: actor.value.trim(), action: action.value.trim(), object_type: type.value, page: state.page, size: 50 });
    } catch (e) {
      clear(out).append(errorBox(e));
      return;
    }
    clear(out).append(
      card(
        null,
        table(
          [
            { label: 'Time', value: (a) => fmtTime(a.updated_at) },
            { label: 'Actor', value: (a) => a.changed_by },
            { label: 'Action', value: (a) => h('code', { text: a.action }) },
            { label: 'Object', value: (a) => `${a.table_name} ${a.object_id}` },
            { label: 'Before', value: (a) => json(a.before_value) },
            { label: 'After', value: (a) => json(a.updated_values) },
          ],
          data.audit_logs,
          { empty: 'No changes recorded.' },
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
