// The dashboard's shell: session check, sign-in, navigation between sections, theme.
import * as api from './api.js';
import { h, clear, errorBox, loading, toast } from './dom.js';
import { renderLogin } from './views/login.js';

// The sections, in navigation order. `needs` hides a section the signed-in principal cannot use.
const SECTIONS = [
  { id: 'overview', name: 'Overview', needs: 'management', load: () => import('./views/overview.js') },
  { id: 'keys', name: 'Keys', needs: 'management', load: () => import('./views/keys.js') },
  { id: 'teams', name: 'Teams', needs: 'management', load: () => import('./views/teams.js') },
  { id: 'users', name: 'Users', needs: 'management', load: () => import('./views/users.js') },
  { id: 'spend', name: 'Spend', needs: 'management', load: () => import('./views/spend.js') },
  { id: 'deployments', name: 'Deployments', needs: 'read_all', load: () => import('./views/deployments.js') },
  { id: 'logs', name: 'Logs', needs: 'management', load: () => import('./views/logs.js') },
  { id: 'audit', name: 'Audit', needs: 'read_all', load: () => import('./views/audit.js') },
  { id: 'playground', name: 'Playground', needs: 'openai', load: () => import('./views/playground.js') },
];

const root = document.getElementById('app');
let session = null;
let sso = null; // { login_url } when the server offers single sign-on (auth.oidc)
let leave = null;
let main = null;
let nav = null;

// ---------------------------------------------------------------- theme

const THEME_KEY = 'llmux-theme';

function applyTheme() {
  const t = localStorage.getItem(THEME_KEY);
  if (t === 'light' || t === 'dark') {
    document.documentElement.dataset.theme = t;
  } else {
    delete document.documentElement.dataset.theme;
  }
}

function currentTheme() {
  const t = document.documentElement.dataset.theme;
  if (t) {
    return t;
  }
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function themeButton() {
  const b = h('button', { class: 'icon', type: 'button', 'aria-label': 'Toggle dark mode', title: 'Toggle dark mode' });
  const label = () => {
    b.textContent = currentTheme() === 'dark' ? '☀' : '☾';
    b.setAttribute('aria-pressed', String(currentTheme() === 'dark'));
  };
  b.addEventListener('click', () => {
    localStorage.setItem(THEME_KEY, currentTheme() === 'dark' ? 'light' : 'dark');
    applyTheme();
    label();
    route(); // charts read their colours when drawn
  });
  label();
  return b;
}

// ---------------------------------------------------------------- session

function can(what) {
  if (!session) {
    return false;
  }
  if (what === 'management') {
    return session.management;
  }
  if (what === 'openai') {
    return session.openai;
  }
  const id = session.identity;
  return Boolean(session.management && id && id.can && id.can[what]);
}

function allowed(section) {
  return can(section.needs);
}

async function start() {
  applyTheme();
  api.onUnauthorized(() => signedOut('Your session ended (signed out, expired, or the key is no longer valid). Sign in again.'));
  try {
    const s = await api.call('GET', '/session', { quiet401: true });
    const ssoError = new URLSearchParams(location.search).get('sso_error');
    if (ssoError !== null) {
      history.replaceState(null, '', location.pathname + location.hash);
    }
    if (!s.signed_in) {
      sso = s.sso ? { login_url: s.sso_login_url } : null;
      login(ssoError === null ? undefined : ssoMessage(ssoError));
      return;
    }
    session = s;
    api.setCsrf(session.csrf_token);
    shell();
  } catch (e) {
    clear(root).append(h('div', { class: 'login' }, h('div', { class: 'card' }, errorBox(e))));
  }
}

// What a failed single sign-on tells the person (the server's log says exactly why).
function ssoMessage(code) {
  const messages = {
    login_expired: 'The sign-in took too long or was already used. Try again.',
    state_mismatch: 'The sign-in could not be matched to this browser. Try again.',
    idp_error: 'The identity provider did not sign you in.',
    idp_unavailable: 'The identity provider cannot be reached. Try again later.',
    token_exchange: 'The identity provider refused the sign-in code.',
    id_token: 'The identity provider\'s ID token was refused.',
    refused: 'Your account may not use LLMux.',
    unavailable: 'LLMux cannot reach its database. Try again later.',
  };
  return `Single sign-on failed: ${messages[code] || code}`;
}

function login(message) {
  session = null;
  api.setCsrf(null);
  renderLogin(root, message, (s) => {
    session = s;
    api.setCsrf(s.csrf_token);
    if (!location.hash) {
      history.replaceState(null, '', '#/' + (SECTIONS.find(allowed) || SECTIONS[0]).id);
    }
    shell();
  }, themeButton, sso);
}

function signedOut(message) {
  if (leave) {
    leave();
    leave = null;
  }
  login(message);
}

async function signOut() {
  try {
    const r = await api.call('DELETE', '/session', { quiet401: true });
    if (r && r.logout_url) {
      // signed in through the identity provider: end its session too (it sends the browser back)
      location.assign(r.logout_url);
      return;
    }
  } catch (e) {
    // signed out either way
  }
  signedOut('Signed out.');
}

// ---------------------------------------------------------------- shell and routing

function roleText() {
  const id = session.identity;
  if (id && id.role) {
    return id.role.replace(/_/g, ' ');
  }
  return session.management ? 'no management role' : 'API access';
}

function shell() {
  const links = SECTIONS.filter(allowed).map((s) => h('li', null, h('a', { href: `#/${s.id}`, 'data-section': s.id, text: s.name })));
  nav = h('nav', { class: 'sidenav', 'aria-label': 'Sections' }, h('ul', null, links));
  main = h('main', { id: 'main', tabindex: '-1' });
  const top = h(
    'header',
    { class: 'topbar' },
    h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'LLMux'),
    h('span', { class: 'spacer' }),
    h('div', { class: 'who' }, h('span', { class: 'name', text: session.principal.name }), h('span', { class: 'badge accent', 'data-testid': 'role', text: roleText() })),
    themeButton(),
    h('button', { type: 'button', onclick: signOut, text: 'Sign out' }),
  );
  clear(root).append(h('div', { class: 'shell' }, top, nav, main));
  if (session.management_error) {
    toast(session.management_error, 'bad');
  }
  route();
}

async function route() {
  if (!session || !main) {
    return;
  }
  const id = (location.hash.match(/^#\/([a-z]+)/) || [])[1];
  const visible = SECTIONS.filter(allowed);
  const section = visible.find((s) => s.id === id) || visible[0];
  if (leave) {
    leave();
    leave = null;
  }
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.section === (section && section.id)) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  }
  clear(main);
  if (!section) {
    main.append(h('p', { class: 'notice', text: 'This key can use no section of the dashboard here.' }));
    return;
  }
  document.title = `${section.name} · LLMux`;
  main.append(h('h1', { text: section.name }), loading());
  const ctx = {
    session,
    can,
    onLeave: (f) => {
      const prev = leave;
      leave = () => {
        if (prev) prev();
        f();
      };
    },
  };
  try {
    const mod = await section.load();
    const body = h('div', { class: 'view', 'data-view': section.id });
    await mod.render(body, ctx);
    clear(main).append(h('h1', { text: section.name }), body);
    main.dataset.ready = section.id;
  } catch (e) {
    clear(main).append(h('h1', { text: section.name }), errorBox(e));
    main.dataset.ready = section.id;
  }
}

window.addEventListener('hashchange', route);
start();
