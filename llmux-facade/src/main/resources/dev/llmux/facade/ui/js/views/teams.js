// Teams: list and search; a team's members (with roles), budget, limits and spend; create teams,
// add and remove members, block, unblock and delete, as the signed-in principal's role allows.
import * as api from '../api.js';
import { h, clear, field, table, pager, badge, fmtUsd, fmtList, modal, confirmDialog, toast, errorBox, cardWithActions, card } from '../dom.js';

export async function render(root, ctx) {
  const can = ctx.can;
  const identity = ctx.session.identity || { can: {} };
  const state = { page: 1, search: '', selected: null };
  const list = h('div');
  const detail = h('div');
  const search = h('input', { type: 'search', placeholder: 'alias contains…' });
  search.addEventListener('input', () => {
    clearTimeout(search.timer);
    search.timer = setTimeout(() => {
      state.search = search.value.trim();
      state.page = 1;
      load();
    }, 250);
  });
  root.append(
    h(
      'div',
      { class: 'toolbar' },
      field('Search', search),
      h('span', { class: 'spacer' }),
      can('create_teams') ? h('button', { class: 'primary', type: 'button', text: 'Create team', onclick: createTeam }) : null,
    ),
    h('div', { class: 'split' }, h('div', null, list), detail),
  );

  const manages = (t) =>
    can('manage_teams') &&
    (identity.role === 'proxy_admin' || identity.can.team_admin_of.includes(t.team_id) || identity.can.org_admin_of.includes(t.organization_id));

  async function load() {
    let data;
    try {
      data = await api.get('/team/list', { search: state.search, page: state.page, page_size: 25 });
    } catch (e) {
      clear(list).append(errorBox(e));
      return;
    }
    clear(list).append(
      card(
        null,
        table(
          [
            { label: 'Team', value: (t) => t.team_alias || t.team_id },
            { label: 'ID', value: (t) => h('code', { text: t.team_id }) },
            { label: 'Organization', value: (t) => t.organization_id },
            { label: 'Models', value: (t) => fmtList(t.models) },
            { label: 'Max budget', value: (t) => (t.max_budget == null ? 'none' : fmtUsd(t.max_budget)), num: true },
            { label: 'Status', value: (t) => (t.blocked ? badge('Blocked', 'bad') : badge('Active', 'ok')) },
          ],
          data.teams,
          { empty: 'No teams.', onRow: (t) => show(t.team_id), selected: (t) => t.team_id === state.selected },
        ),
        pager(data.page, data.total_pages, data.total, (p) => {
          state.page = p;
          load();
        }),
      ),
    );
    if (!state.selected && data.teams.length) {
      show(data.teams[0].team_id);
    }
  }

  async function show(teamId) {
    state.selected = teamId;
    for (const tr of list.querySelectorAll('tbody tr')) {
      tr.classList.toggle('selected', tr.querySelector('code')?.textContent === teamId);
    }
    let info;
    try {
      info = await api.get('/team/info', { team_id: teamId });
    } catch (e) {
      clear(detail).append(card(teamId, errorBox(e)));
      return;
    }
    const t = info.team_info;
    const mayManage = manages(t);
    const admin = can('administer_teams');
    const buttons = h(
      'div',
      { class: 'actions' },
      mayManage ? h('button', { class: 'small', type: 'button', text: 'Add member', onclick: () => addMember(t) }) : null,
      admin ? h('button', { class: 'small', type: 'button', text: t.blocked ? 'Unblock' : 'Block', onclick: () => act(() => api.post(t.blocked ? '/team/unblock' : '/team/block', { team_id: t.team_id }), 'Team updated') }) : null,
      admin
        ? h('button', {
            class: 'small danger',
            type: 'button',
            text: 'Delete',
            onclick: async () => {
              if (await confirmDialog('Delete team', `Delete team ${t.team_alias || t.team_id}? A team that still owns keys cannot be deleted.`, 'Delete')) {
                state.selected = null;
                clear(detail);
                await act(() => api.post('/team/delete', { team_ids: [t.team_id] }), 'Team deleted');
              }
            },
          })
        : null,
    );
    const memberCols = [
      { label: 'User', value: (m) => m.user_id },
      { label: 'Role', value: (m) => badge(m.role, m.role === 'admin' ? 'accent' : '') },
      { label: 'Budget in team', value: (m) => (m.max_budget_in_team == null ? 'none' : fmtUsd(m.max_budget_in_team)), num: true },
    ];
    if (mayManage) {
      memberCols.push({
        label: 'Actions',
        value: (m) =>
          h('button', {
            class: 'small danger',
            type: 'button',
            text: 'Remove',
            'aria-label': `Remove ${m.user_id}`,
            onclick: () => act(() => api.post('/team/member_delete', { team_id: t.team_id, user_id: m.user_id }), 'Member removed'),
          }),
      });
    }
    clear(detail).append(
      cardWithActions(
        t.team_alias || t.team_id,
        buttons,
        h(
          'dl',
          { class: 'kv' },
          h('dt', { text: 'ID' }), h('dd', { text: t.team_id }),
          h('dt', { text: 'Organization' }), h('dd', { text: t.organization_id || '—' }),
          h('dt', { text: 'Models' }), h('dd', { text: fmtList(t.models) }),
          h('dt', { text: 'Max budget' }), h('dd', { text: t.max_budget == null ? 'none' : `${fmtUsd(t.max_budget)}${t.budget_duration ? ' per ' + t.budget_duration : ''}` }),
          h('dt', { text: 'Limits' }), h('dd', { text: `rpm ${t.rpm_limit ?? '—'} · tpm ${t.tpm_limit ?? '—'} · parallel ${t.max_parallel_requests ?? '—'}` }),
          h('dt', { text: 'Spend' }), h('dd', { text: fmtUsd(t.spend) }),
          h('dt', { text: 'Keys' }), h('dd', { text: String((info.keys || []).length) }),
        ),
        h('h3', { text: 'Members' }),
        table(memberCols, t.members_with_roles || [], { empty: 'No members.' }),
      ),
    );
  }

  async function act(f, done) {
    try {
      await f();
      toast(done);
      await load();
      if (state.selected) {
        await show(state.selected);
      }
    } catch (e) {
      toast(e.message, 'bad');
    }
  }

  async function addMember(t) {
    const user = h('input', { type: 'text', autocomplete: 'off' });
    const role = h('select', null, h('option', { value: 'user', text: 'user' }), h('option', { value: 'admin', text: 'admin' }));
    const budget = h('input', { type: 'number', min: '0', step: 'any', placeholder: 'no limit' });
    const r = await modal('Add member', h('div', { class: 'form' }, field('User ID', user), field('Role', role), field('Budget in team', budget)), [
      { label: 'Cancel' },
      {
        label: 'Add',
        primary: true,
        submit: true,
        run: () => {
          const req = { team_id: t.team_id, member: { user_id: user.value.trim(), role: role.value } };
          if (budget.value !== '') req.max_budget_in_team = Number(budget.value);
          return api.post('/team/member_add', req);
        },
      },
    ]);
    if (r) {
      toast('Member added');
      show(t.team_id);
      load();
    }
  }

  async function createTeam() {
    const alias = h('input', { type: 'text', autocomplete: 'off' });
    const teamId = h('input', { type: 'text', autocomplete: 'off', placeholder: 'generated when empty' });
    const org = h('select', null);
    if (identity.role === 'proxy_admin') {
      org.append(h('option', { value: '', text: '(no organization)' }));
    }
    try {
      const orgs = await api.get('/organization/list', { page_size: 500 });
      // (create_teams: a proxy admin, or an organization admin, who may list organizations)
      for (const o of orgs.organizations) {
        if (identity.role === 'proxy_admin' || identity.can.org_admin_of.includes(o.organization_id)) {
          org.append(h('option', { value: o.organization_id, text: o.organization_alias || o.organization_id }));
        }
      }
    } catch (e) {
      // only the options above
    }
    const models = h('input', { type: 'text', autocomplete: 'off', placeholder: 'empty = every model' });
    const budget = h('input', { type: 'number', min: '0', step: 'any', placeholder: 'no limit' });
    const r = await modal(
      'Create team',
      h('div', { class: 'form' }, field('Team alias', alias), field('Team ID', teamId), field('Organization', org), field('Models', models), field('Max budget', budget)),
      [
        { label: 'Cancel' },
        {
          label: 'Create',
          primary: true,
          submit: true,
          run: () => {
            const req = { team_alias: alias.value.trim() || undefined };
            if (teamId.value.trim()) req.team_id = teamId.value.trim();
            if (org.value) req.organization_id = org.value;
            const m = models.value.split(',').map((s) => s.trim()).filter(Boolean);
            if (m.length) req.models = m;
            if (budget.value !== '') req.max_budget = Number(budget.value);
            return api.post('/team/new', req);
          },
        },
      ],
    );
    if (r) {
      toast('Team created');
      state.selected = r.team_id;
      await load();
      show(r.team_id);
    }
  }

  await load();
}
