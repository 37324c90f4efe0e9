// Users and organizations: who exists, their roles, memberships and budgets. Proxy admins and
// viewers see every user; others see their own account and the organizations they administer.
import * as api from '../api.js';
import { h, clear, field, table, pager, badge, fmtUsd, fmtList, modal, confirmDialog, toast, errorBox, card, cardWithActions } from '../dom.js';

const ROLES = ['internal_user', 'internal_user_viewer', 'proxy_admin_viewer', 'proxy_admin'];
const ORG_ROLES = ['internal_user', 'internal_user_viewer', 'org_admin'];

export async function render(root, ctx) {
  const can = ctx.can;
  const identity = ctx.session.identity || { can: { org_admin_of: [] } };
  const users = h('div');
  const orgs = h('div');
  const orgDetail = h('div');
  root.append(users, h('div', { class: 'split' }, orgs, orgDetail));
  if (can('read_all')) {
    await userList(users, can);
  } else {
    await ownAccount(users);
  }
  if (can('read_all') || identity.can.org_admin_of.length) {
    await orgList(orgs, orgDetail, can, identity);
  }
}

async function ownAccount(box) {
  try {
    const u = await api.get('/user/info');
    const info = u.user_info;
    box.append(
      card(
        'Your account',
        h(
          'dl',
          { class: 'kv' },
          h('dt', { text: 'User' }), h('dd', { text: u.user_id }),
          h('dt', { text: 'Email' }), h('dd', { text: info.user_email || '—' }),
          h('dt', { text: 'Role' }), h('dd', { text: info.user_role || '—' }),
          h('dt', { text: 'Max budget' }), h('dd', { text: info.max_budget == null ? 'none' : fmtUsd(info.max_budget) }),
          h('dt', { text: 'Spend' }), h('dd', { text: fmtUsd(info.spend) }),
          h('dt', { text: 'Teams' }), h('dd', { text: (u.teams || []).map((t) => `${t.team_id} (${t.role})`).join(', ') || '—' }),
          h('dt', { text: 'Organizations' }), h('dd', { text: (u.organizations || []).map((o) => `${o.organization_id} (${o.user_role})`).join(', ') || '—' }),
        ),
      ),
    );
  } catch (e) {
    box.append(card('Your account', errorBox(e)));
  }
}

async function userList(box, can) {
  const state = { page: 1, search: '' };
  const list = h('div');
  const search = h('input', { type: 'search', placeholder: 'id, email or alias…' });
  search.addEventListener('input', () => {
    clearTimeout(search.timer);
    search.timer = setTimeout(() => {
      state.search = search.value.trim();
      state.page = 1;
      load();
    }, 250);
  });
  const createBtn = can('manage_users') ? h('button', { class: 'primary', type: 'button', text: 'Create user', onclick: create }) : null;
  box.append(cardWithActions('Users', h('div', { class: 'toolbar' }, field('Search users', search), createBtn), list));

  async function load() {
    let data;
    try {
      data = await api.get('/user/list', { search: state.search, page: state.page, page_size: 25 });
    } catch (e) {
      clear(list).append(errorBox(e));
      return;
    }
    const cols = [
      { label: 'User', value: (u) => u.user_alias ? `${u.user_alias} (${u.user_id})` : u.user_id },
      { label: 'Email', value: (u) => u.user_email },
      { label: 'Role', value: (u) => badge(u.user_role, u.user_role && u.user_role.startsWith('proxy_admin') ? 'accent' : '') },
      { label: 'Models', value: (u) => fmtList(u.models) },
      { label: 'Max budget', value: (u) => (u.max_budget == null ? 'none' : fmtUsd(u.max_budget)), num: true },
    ];
    if (can('manage_users')) {
      cols.push({
        label: 'Actions',
        value: (u) =>
          h('button', {
            class: 'small danger',
            type: 'button',
            text: 'Delete',
            'aria-label': `Delete ${u.user_id}`,
            onclick: async () => {
              if (await confirmDialog('Delete user', `Delete ${u.user_id}? Their keys and memberships are deleted too.`, 'Delete')) {
                try {
                  await api.post('/user/delete', { user_ids: [u.user_id] });
                  toast('User deleted');
                  load();
                } catch (e) {
                  toast(e.message, 'bad');
                }
              }
            },
          }),
      });
    }
    clear(list).append(
      table(cols, data.users, { empty: 'No users yet.' }),
      pager(data.page, data.total_pages, data.total, (p) => {
        state.page = p;
        load();
      }),
    );
  }

  async function create() {
    const id = h('input', { type: 'text', autocomplete: 'off', placeholder: 'generated when empty' });
    const email = h('input', { type: 'email', autocomplete: 'off' });
    const role = h('select', null, ROLES.map((r) => h('option', { value: r, text: r })));
    const budget = h('input', { type: 'number', min: '0', step: 'any', placeholder: 'no limit' });
    const r = await modal('Create user', h('div', { class: 'form' }, field('User ID', id), field('Email', email), field('Role', role), field('Max budget', budget)), [
      { label: 'Cancel' },
      {
        label: 'Create',
        primary: true,
        submit: true,
        run: () => {
          const req = { user_role: role.value };
          if (id.value.trim()) req.user_id = id.value.trim();
          if (email.value.trim()) req.user_email = email.value.trim();
          if (budget.value !== '') req.max_budget = Number(budget.value);
          return api.post('/user/new', req);
        },
      },
    ]);
    if (r) {
      toast(`User ${r.user_id} created`);
      load();
    }
  }

  await load();
}

async function orgList(box, detail, can, identity) {
  let data;
  try {
    data = await api.get('/organization/list', { page_size: 100 });
  } catch (e) {
    if (e.status === 403) {
      return; // not an organization admin: nothing to show
    }
    box.append(card('Organizations', errorBox(e)));
    return;
  }
  const createBtn = can('manage_organizations') ? h('button', { class: 'primary', type: 'button', text: 'Create organization', onclick: create }) : null;
  box.append(
    cardWithActions(
      'Organizations',
      createBtn,
      table(
        [
          { label: 'Organization', value: (o) => o.organization_alias || o.organization_id },
          { label: 'ID', value: (o) => h('code', { text: o.organization_id }) },
          { label: 'Budget', value: (o) => o.budget_id },
          { label: 'Max budget', value: (o) => (o.max_budget == null ? 'none' : fmtUsd(o.max_budget)), num: true },
          { label: 'Status', value: (o) => (o.blocked ? badge('Blocked', 'bad') : badge('Active', 'ok')) },
        ],
        data.organizations,
        { empty: 'No organizations.', onRow: (o) => show(o.organization_id) },
      ),
    ),
  );
  if (data.organizations.length) {
    show(data.organizations[0].organization_id);
  }

  async function show(orgId) {
    let o;
    try {
      o = await api.get('/organization/info', { organization_id: orgId });
    } catch (e) {
      clear(detail).append(card(orgId, errorBox(e)));
      return;
    }
    const manage = can('manage_org_members') && (identity.role === 'proxy_admin' || identity.can.org_admin_of.includes(orgId));
    const cols = [
      { label: 'User', value: (m) => m.user_id },
      { label: 'Role', value: (m) => badge(m.user_role, m.user_role === 'org_admin' ? 'accent' : '') },
    ];
    if (manage) {
      cols.push({
        label: 'Actions',
        value: (m) =>
          h('button', {
            class: 'small danger',
            type: 'button',
            text: 'Remove',
            'aria-label': `Remove ${m.user_id}`,
            onclick: async () => {
              try {
                await api.post('/organization/member_delete', { organization_id: orgId, user_id: m.user_id });
                toast('Member removed');
                show(orgId);
              } catch (e) {
                toast(e.message, 'bad');
              }
            },
          }),
      });
    }
    clear(detail).append(
      cardWithActions(
        o.organization_alias || o.organization_id,
        manage ? h('button', { class: 'small', type: 'button', text: 'Add member', onclick: () => addMember(orgId) }) : null,
        h(
          'dl',
          { class: 'kv' },
          h('dt', { text: 'ID' }), h('dd', { text: o.organization_id }),
          h('dt', { text: 'Models' }), h('dd', { text: fmtList(o.models) }),
          h('dt', { text: 'Max budget' }), h('dd', { text: o.max_budget == null ? 'none' : `${fmtUsd(o.max_budget)}${o.budget_duration ? ' per ' + o.budget_duration : ''}` }),
          h('dt', { text: 'Budget' }), h('dd', { text: o.budget_id || '—' }),
          h('dt', { text: 'Spend' }), h('dd', { text: fmtUsd(o.spend) }),
          h('dt', { text: 'Teams' }), h('dd', { text: (o.teams || []).map((t) => t.team_alias || t.team_id).join(', ') || '—' }),
        ),
        h('h3', { text: 'Members' }),
        table(cols, o.members || [], { empty: 'No members.' }),
      ),
    );
  }

  async function addMember(orgId) {
    const user = h('input', { type: 'text', autocomplete: 'off' });
    const role = h('select', null, ORG_ROLES.map((r) => h('option', { value: r, text: r })));
    const r = await modal('Add member', h('div', { class: 'form' }, field('User ID', user), field('Role', role)), [
      { label: 'Cancel' },
      { label: 'Add', primary: true, submit: true, run: () => api.post('/organization/member_add', { organization_id: orgId, member: { user_id: user.value.trim(), role: role.value } }) },
    ]);
    if (r) {
      toast('Member added');
      show(orgId);
    }
  }

  async function create() {
    const alias = h('input', { type: 'text', autocomplete: 'off', required: true });
    const budget = h('input', { type: 'number', min: '0', step: 'any', placeholder: 'no limit' });
    const models = h('input', { type: 'text', autocomplete: 'off', placeholder: 'empty = every model' });
    const r = await modal('Create organization', h('div', { class: 'form' }, field('Organization alias', alias), field('Models', models), field('Max budget', budget)), [
      { label: 'Cancel' },
      {
        label: 'Create',
        primary: true,
        submit: true,
        run: () => {
          const req = { organization_alias: alias.value.trim() };
          const m = models.value.split(',').map((s) => s.trim()).filter(Boolean);
          if (m.length) req.models = m;
          if (budget.value !== '') req.max_budget = Number(budget.value);
          return api.post('/organization/new', req);
        },
      },
    ]);
    if (r) {
      toast('Organization created');
      clear(box);
      clear(detail);
      orgList(box, detail, can, identity);
    }
  }
}
