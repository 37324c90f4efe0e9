// Playground: a streamed chat with a model group through the facade, with the session's key. Shows
// which deployment served (the x-llmux-* response headers), the tokens and, from the spend log,
// the cost.
import * as api from '../api.js';
import { h, clear, field, card, fmtUsd, fmtInt, errorBox } from '../dom.js';

const HEADERS = [
  ['x-llmux-deployment', 'Deployment'],
  ['x-llmux-model-group', 'Model group'],
  ['x-llmux-attempts', 'Attempts'],
  ['x-llmux-cache-hit', 'Cache hit'],
  ['x-llmux-overhead-ms', 'LLMux overhead (ms)'],
  ['x-llmux-call-id', 'Call id'],
];

export async function render(root, ctx) {
  const model = h('select');
  try {
    const models = await api.get('/v1/models');
    for (const m of models.data) {
      model.append(h('option', { value: m.id, text: m.id }));
    }
  } catch (e) {
    root.append(errorBox(e));
  }
  const message = h('textarea', { rows: '3', placeholder: 'Say hello…' });
  const send = h('button', { type: 'submit', class: 'primary', text: 'Send' });
  const stop = h('button', { type: 'button', text: 'Stop', disabled: true });
  const reset = h('button', { type: 'button', text: 'Clear' });
  const chat = h('div', { class: 'chat', 'aria-live': 'polite' });
  const info = h('dl', { class: 'kv', 'data-testid': 'route-info' });
  const status = h('p', { class: 'muted', text: 'Nothing sent yet.' });
  const history = [];
  let controller = null;
  ctx.onLeave(() => controller && controller.abort());

  const form = h('form', { class: 'form' }, field('Model', model), field('Message', message), h('div', { class: 'actions' }, send, stop, reset));
  root.append(h('div', { class: 'split' }, card('Chat', chat, form), card('Last response', status, info)));

  reset.addEventListener('click', () => {
    history.length = 0;
    clear(chat);
    clear(info);
    status.textContent = 'Nothing sent yet.';
  });
  stop.addEventListener('click', () => controller && controller.abort());
  message.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      form.requestSubmit();
    }
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = message.value.trim();
    if (!text || !model.value) {
      return;
    }
    message.value = '';
    history.push({ role: 'user', content: text });
    chat.append(h('div', { class: 'msg user' }, h('span', { class: 'role', text: 'you' }), text));
    const out = h('span', { class: 'content' });
    const bubble = h('div', { class: 'msg assistant', 'data-testid': 'assistant' }, h('span', { class: 'role', text: model.value }), out);
    chat.append(bubble);
    clear(info);
    status.textContent = 'Streaming…';
    send.disabled = true;
    stop.disabled = false;
    controller = new AbortController();
    let usage = null;
    let reply = '';
    try {
      const res = await api.fetchRaw('POST', '/v1/chat/completions', { model: model.value, messages: history, stream: true, stream_options: { include_usage: true } }, { signal: controller.signal });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        throw new Error(body && body.error ? body.error.message : `HTTP ${res.status}`);
      }
      for (const [name, label] of HEADERS) {
        const v = res.headers.get(name);
        if (v !== null) {
          info.append(h('dt', { text: label }), h('dd', { 'data-header': name, text: v }));
        }
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const event = buf.slice(0, i);
          buf = buf.slice(i + 2);
          for (const line of event.split('\n')) {
            if (!line.startsWith('data:')) continue;
            const data = line.slice(5).trim();
            if (data === '[DONE]') continue;
            const chunk = JSON.parse(data);
            if (chunk.error) throw new Error(chunk.error.message || 'stream failed');
            const delta = chunk.choices && chunk.choices[0] && chunk.choices[0].delta;
            if (delta && delta.content) {
              reply += delta.content;
              out.textContent = reply;
            }
            if (chunk.usage) usage = chunk.usage;
          }
        }
      }
      history.push({ role: 'assistant', content: reply });
      status.textContent = 'Done.';
      if (usage) {
        info.append(h('dt', { text: 'Tokens' }), h('dd', { 'data-testid': 'tokens', text: `${fmtInt(usage.prompt_tokens)} in, ${fmtInt(usage.completion_tokens)} out` }));
      }
      const callId = res.headers.get('x-llmux-call-id');
      const id = ctx.session.identity;
      if (callId && id && (ctx.can('read_all') || id.user_id)) {
        const cost = h('dd', { 'data-testid': 'cost', text: 'looking up…' });
        info.append(h('dt', { text: 'Cost' }), cost);
        cost.textContent = await lookUpCost(callId);
      }
    } catch (err) {
      history.pop();
      bubble.classList.add('hidden');
      status.textContent = '';
      status.append(errorBox(err.name === 'AbortError' ? new Error('Stopped.') : err));
    } finally {
      send.disabled = false;
      stop.disabled = true;
      controller = null;
    }
  });
}

/** The call's cost from the spend log (written asynchronously, so asked a few times). */
async function lookUpCost(callId) {
  for (let i = 0; i < 12; i++) {
    try {
      const r = await api.get('/spend/logs', { request_id: callId, size: 1 });
      if (r.data.length) {
        return r.data[0].spend === null ? 'unknown (no price for this deployment)' : fmtUsd(r.data[0].spend);
      }
    } catch (e) {
      return 'not available to this key';
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return 'not recorded yet';
}
