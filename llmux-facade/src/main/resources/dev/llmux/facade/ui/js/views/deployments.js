// Deployments: each one's provider, model, health and cooldown, latency and time to first token,
// in-flight calls and rpm/tpm use, refreshed every 5 seconds. Proxy admins can cool one down or
// restore it.
import * as api from '../api.js';
import { h, clear, field, table, badge, fmtInt, modal, toast, errorBox, card } from '../dom.js';

export async function render(root, ctx) {
  const control = ctx.can('control_deployments');
  const box = h('div');
  const stamp = h('span', { class: 'muted' });
  root.append(h('div', { class: 'toolbar' }, h('button', { type: 'button', text: 'Refresh', onclick: () => load() }), stamp), box);
  const timer = setInterval(() => load(), 5000);
  ctx.onLeave(() => clearInterval(timer));

  const use = (used, limit) => (limit == null ? fmtInt(used ?? 0) : `${fmtInt(used ?? 0)} / ${fmtInt(limit)}`);

  async function load() {
    let data;
    try {
      data = await api.get('/control/deployments');
    } catch (e) {
      clear(box).append(errorBox(e));
      return;
    }
    stamp.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    const cols = [
      { label: 'Deployment', value: (d) => h('code', { text: d.deployment_id }) },
      { label: 'Model group', value: (d) => d.model_group },
      { label: 'Provider', value: (d) => d.provider },
      { label: 'Model', value: (d) => d.model },
      {
        label: 'Health',
        value: (d) =>
          d.healthy
            ? badge('Healthy', 'ok')
            : h('span', null, badge('Cooling down', 'warn'), h('div', { class: 'muted', text: `until ${d.cooldown_until ? new Date(d.cooldown_until).toLocaleTimeString() : '?'}${d.cooldown_reason ? ' · ' + d.cooldown_reason : ''}` })),
      },
      { label: 'Latency / output token', value: (d) => (d.latency_per_output_token == null ? '—' : `${(d.latency_per_output_token * 1000).toFixed(1)} ms`), num: true },
      { label: 'Time to first token', value: (d) => (d.time_to_first_token_ms == null ? '—' : `${fmtInt(d.time_to_first_token_ms)} ms`), num: true },
      { label: 'In flight', value: (d) => fmtInt(d.in_flight ?? 0), num: true },
      { label: 'RPM', value: (d) => use(d.rpm_used, d.rpm_limit), num: true },
      { label: 'TPM', value: (d) => use(d.tpm_used, d.tpm_limit), num: true },
    ];
    if (control) {
      cols.push({
        label: 'Actions',
        value: (d) =>
          d.healthy
            ? h('button', { class: 'small', type: 'button', text: 'Cool down', 'aria-label': `Cool down ${d.deployment_id}`, onclick: () => coolDown(d) })
            : h('button', { class: 'small', type: 'button', text: 'Restore', 'aria-label': `Restore ${d.deployment_id}`, onclick: () => act({ deployment_id: d.deployment_id, action: 'restore' }, `${d.deployment_id} restored`) }),
      });
    }
    clear(box).append(card(null, table(cols, data.deployments, { empty: 'No deployments.' })));
  }

  async function act(body, done) {
    try {
      await api.post('/control/deployments', body);
      toast(done);
      load();
    } catch (e) {
      toast(e.message, 'bad');
    }
  }

  async function coolDown(d) {
    const duration = h('select', null, ['1m', '5m', '15m', '1h'].map((v) => h('option', { value: v, text: v })));
    const reason = h('input', { type: 'text', placeholder: 'maintenance', autocomplete: 'off' });
    const r = await modal(`Cool down ${d.deployment_id}`, h('div', { class: 'form' }, field('Duration', duration), field('Reason', reason)), [
      { label: 'Cancel' },
      {
        label: 'Cool down',
        primary: true,
        submit: true,
        run: () => api.post('/control/deployments', { deployment_id: d.deployment_id, action: 'cool_down', duration: duration.value, reason: reason.value.trim() || undefined }),
      },
    ]);
    if (r) {
      toast(`${d.deployment_id} cooling down`);
      load();
    }
  }

  await load();
}
