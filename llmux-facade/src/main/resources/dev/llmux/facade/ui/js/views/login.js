// Sign in with the master key or a virtual key. The key goes to the server once, in a POST body;
// the server keeps it in the session and the browser only gets an HttpOnly cookie.
import * as api from '../api.js';
import { h, clear, field } from '../dom.js';

export function renderLogin(root, message, done, themeButton, sso) {
  const key = h('input', { type: 'password', name: 'api_key', autocomplete: 'off', spellcheck: 'false', required: true, placeholder: 'sk-…' });
  const error = h('p', { class: 'error hidden', role: 'alert' });
  const info = message ? h('p', { class: 'notice', text: message }) : null;
  const submit = h('button', { type: 'submit', class: 'primary', text: 'Sign in' });
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    field('API key', key, 'The master key, or a virtual key (sk-llmux-…).'),
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.classList.add('hidden');
    submit.disabled = true;
    try {
      const s = await api.call('POST', '/session', { body: { api_key: key.value }, quiet401: true });
      key.value = '';
      done(s);
    } catch (err) {
      error.textContent = err.status === 401 ? `Sign-in refused: ${err.message}` : err.message;
      error.classList.remove('hidden');
      key.select();
    } finally {
      submit.disabled = false;
    }
  });
  clear(root).append(
    h(
      'div',
      { class: 'login' },
      h(
        'div',
        { class: 'card' },
        h('h1', null, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'LLMux dashboard', h('span', { class: 'spacer' }), themeButton()),
        info,
        sso
          ? h(
              'div',
              { class: 'sso' },
              h('a', { class: 'button primary', href: sso.login_url, text: 'Sign in with SSO' }),
              h('p', { class: 'muted', text: 'or with an API key:' }),
            )
          : null,
        form,
        error,
      ),
    ),
  );
  key.focus();
}
