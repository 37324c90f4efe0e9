// Keys: list and search; create (the secret shown once), block/unblock, regenerate, delete.
// Buttons appear only for what the signed-in principal may do; the server checks every call.
import * as api from '../api.js';
import { h, clear, field, table, pager, badge, fmtUsd, fmtList, fmtTime, modal, confirmDialog, showSecret, toast, errorBox } from '../dom.js';

export async function render(root, ctx) {
  const id = ctx.session.identity || {};
  const canCreate = ctx.can('create_keys');
  const canManage = ctx.can('manage_keys');
  const state = { page: 1, search: '' };
  const list = h('div');
  const search = h('input', { type: 'search', placeholder: 'alias contains…' });
  search.addEventListener('input', () => {
    clearTimeout(search.timer);
    search.timer = setTimeout(() => {
      state.search = search.value.trim();
      state.page = 1;
      load();
    }, 250);
  });
  const create = canCreate ? h('button', { class: 'primary', type: 'button', text: 'Create key', onclick: () => createKey() }) : null;
  root.append(h('div', { class: 'toolbar' }, field('Search', search), h('span', { class: 'spacer' }), create), list);

  async function load() {
    let data;
    try {
      data = await api.get('/key/list', { return_full_object: 'true', key_alias: state.search, page: state.page, size: 25 });
    } catch (e) {
      clear(list).append(errorBox(e));
      return;
    }
    const columns = [
      { label: 'Alias', value: (k) => k.key_alias || '—' },
      { label: 'Key', value: (k) => h('code', { text: k.key_name }) },
      { label: 'Team', value: (k) => k.team_id },
      { label: 'User', value: (k) => k.user_id },
      { label: 'Models', value: (k) => fmtList(k.models) },
      { label: 'Max budget', value: (k) => (k.max_budget == null ? 'none' : fmtUsd(k.max_budget)), num: true },
      { label: 'Expires', value: (k) => (k.expires ? fmtTime(k.expires) : 'never') },
      { label: 'Status', value: (k) => (k.blocked ? badge('Blocked', 'bad') : badge('Active', 'ok')) },
    ];
    if (canManage) {
      columns.push({ label: 'Actions', value: (k) => actions(k) });
    }
    clear(list).append(
      table(columns, data.keys, { empty: state.search ? 'No key matches.' : 'No keys yet.' }),
      pager(data.current_page, data.total_pages, data.total_count, (p) => {
        state.page = p;
        load();
      }),
    );
  }

  function actions(k) {
    const name = k.key_alias || k.key_name;
    return h(
      'div',
      { class: 'actions' },
      h('button', {
        class: 'small',
        type: 'button',
        text: k.blocked ? 'Unblock' : 'Block',
        'aria-label': `${k.blocked ? 'Unblock' : 'Block'} ${name}`,
        onclick: async () => {
          await act(() => api.post(k.blocked ? '/key/unblock' : '/key/block', { key: k.token }), `${name} ${k.blocked ? 'unblocked' : 'blocked'}`);
        },
      }),
      h('button', {
        class: 'small',
        type: 'button',
        text: 'Regenerate',
        'aria-label': `Regenerate ${name}`,
        onclick: async () => {
          if (!(await confirmDialog('Regenerate key', `A new secret replaces the current one of ${name}; the old one stops working at once.`, 'Regenerate'))) {
            return;
          }
          try {
            const r = await api.post('/key/regenerate', { key: k.token });
            await showSecret('New secret', r.key);
            load();
          } catch (e) {
            toast(e.message, 'bad');
          }
        },
      }),
      h('button', {
        class: 'small danger',
        type: 'button',
        text: 'Delete',
        'aria-label': `Delete ${name}`,
        onclick: async () => {
          if (await confirmDialog('Delete key', `Delete ${name}? Calls with it will be refused.`, 'Delete')) {
            await act(() => api.post('/key/delete', { keys: [k.token] }), `${name} deleted`);
          }
        },
      }),
    );
  }

  async function act(f, done) {
    try {
      await f();
      toast(done);
      load();
    } catch (e) {
      toast(e.message, 'bad');
    }
  }

  async function createKey() {
    const alias = h('input', { type: 'text', autocomplete: 'off' });
    const models = h('input', { type: 'text', placeholder: 'gpt-4o-mini, claude-*', autocomplete: 'off' });
    const budget = h('input', { type: 'number', min: '0', step: 'any', placeholder: 'no limit' });
    const team = h('select', null, h('option', { value: '', text: '(no team)' }));
    try {
      const teams = await api.get('/team/list', { page_size: 500 });
      for (const t of teams.teams) {
        team.append(h('option', { value: t.team_id, text: t.team_alias ? `${t.team_alias} (${t.team_id})` : t.team_id }));
      }
    } catch (e) {
      // no teams to offer
    }
    const body = h(
      'div',
      { class: 'form' },
      field('Alias', alias),
      field('Models', models, 'Comma-separated model groups; empty allows every model.'),
      field('Max budget', budget, 'USD; empty for no budget.'),
      field('Team', team),
    );
    const created = await modal('Create key', body, [
      { label: 'Cancel' },
      {
        label: 'Create',
        primary: true,
        submit: true,
        run: async () => {
          const req = {};
          if (alias.value.trim()) req.key_alias = alias.value.trim();
          const m = models.value.split(',').map((s) => s.trim()).filter(Boolean);
          if (m.length) req.models = m;
          if (budget.value !== '') req.max_budget = Number(budget.value);
          if (team.value) req.team_id = team.value;
          if (id.role !== 'proxy_admin' && id.user_id) req.user_id = id.user_id;
          return api.post('/key/generate', req);
        },
      },
    ]);
    if (created) {
      await showSecret('Key created', created.key, `Copy the secret of ${created.key_alias || created.key_name} now: it is shown only once.`);
      load();
    }
  }

  await load();
}
