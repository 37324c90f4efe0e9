// Small DOM helpers: elements are built with createElement and textContent only (no innerHTML, no
// inline styles), which keeps the page safe from markup injection and within its CSP.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) {
        continue;
      }
      if (k === 'class') {
        el.className = v;
      } else if (k === 'text') {
        el.textContent = v;
      } else if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'value') {
        el.value = v;
      } else if (k === 'dataset') {
        Object.assign(el.dataset, v);
      } else if (k === 'style') {
        throw new Error('inline styles are not allowed');
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(el, c);
    } else if (c instanceof Node) {
      el.appendChild(c);
    } else {
      el.appendChild(document.createTextNode(String(c)));
    }
  }
}

export function clear(el) {
  while (el.firstChild) {
    el.removeChild(el.firstChild);
  }
  return el;
}

let idSeq = 0;

/** A labelled control: <label for=id>text</label> + the control (found by its label). */
export function field(label, control, hint) {
  const id = control.id || `f${++idSeq}`;
  control.id = id;
  return h('label', { for: id }, label, control, hint ? h('span', { class: 'hint', text: hint }) : null);
}

export function card(title, ...content) {
  return h('section', { class: 'card' }, title ? h('div', { class: 'card-head' }, h('h2', { text: title })) : null, content);
}

export function cardWithActions(title, actions, ...content) {
  return h(
    'section',
    { class: 'card' },
    h('div', { class: 'card-head' }, h('h2', { text: title }), h('span', { class: 'spacer' }), actions),
    content,
  );
}

export function stat(label, value, sub) {
  return h('div', { class: 'stat' }, h('div', { class: 'label', text: label }), h('div', { class: 'value', text: value }), sub ? h('div', { class: 'sub', text: sub }) : null);
}

export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert', text: err && err.message ? err.message : String(err) });
}

export function loading() {
  return h('p', { class: 'muted', text: 'Loading…' });
}

/**
 * A table. columns: [{label, value: row => text | Node, num: bool}]; rows: objects.
 */
export function table(columns, rows, { empty = 'Nothing yet.', onRow, selected } = {}) {
  if (!rows || rows.length === 0) {
    return h('p', { class: 'muted', text: empty });
  }
  const head = h('tr', null, columns.map((c) => h('th', { class: c.num ? 'num' : null, scope: 'col', text: c.label })));
  const body = rows.map((r) => {
    const tr = h(
      'tr',
      { class: selected && selected(r) ? 'selected' : null },
      columns.map((c) => {
        const v = c.value(r);
        return h('td', { class: c.num ? 'num' : null }, v === null || v === undefined ? '—' : v);
      }),
    );
    if (onRow) {
      tr.addEventListener('click', (e) => {
        if (!(e.target instanceof HTMLButtonElement)) {
          onRow(r);
        }
      });
    }
    return tr;
  });
  return h('div', { class: 'table-wrap' }, h('table', null, h('thead', null, head), h('tbody', null, body)));
}

export function pager(page, totalPages, total, go) {
  return h(
    'div',
    { class: 'pager' },
    h('button', { class: 'small', disabled: page <= 1, onclick: () => go(page - 1), text: 'Previous' }),
    h('span', { text: `Page ${page} of ${Math.max(totalPages || 1, 1)} · ${fmtInt(total)} in all` }),
    h('button', { class: 'small', disabled: page >= (totalPages || 1), onclick: () => go(page + 1), text: 'Next' }),
  );
}

export function badge(text, kind) {
  return h('span', { class: `badge ${kind || ''}`, text });
}

// ---------------------------------------------------------------- formats

export function fmtUsd(v) {
  if (v === null || v === undefined || v === '') {
    return '—';
  }
  const n = Number(v);
  if (!Number.isFinite(n)) {
    return '—';
  }
  const digits = n !== 0 && Math.abs(n) < 0.01 ? 6 : 2;
  return '$' + n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits });
}

export function fmtInt(v) {
  if (v === null || v === undefined) {
    return '—';
  }
  return Number(v).toLocaleString('en-US');
}

export function fmtTime(iso) {
  if (!iso) {
    return '—';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function fmtList(list) {
  return list && list.length ? list.join(', ') : 'all';
}

export function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

export function utcToday() {
  return isoDay(new Date());
}

export function daysAgo(n) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - n);
  return isoDay(d);
}

// ---------------------------------------------------------------- dialogs and toasts

/** A modal dialog; resolves with the value the pressed action returns (undefined on cancel). */
export function modal(title, body, actions) {
  return new Promise((resolve) => {
    const dlg = h('dialog', { 'aria-label': title });
    const error = h('p', { class: 'error hidden', role: 'alert' });
    const close = (v) => {
      dlg.close();
      dlg.remove();
      resolve(v);
    };
    const buttons = (actions || [{ label: 'Close', primary: true, run: () => true }]).map((a) =>
      h('button', {
        type: a.submit ? 'submit' : 'button',
        class: a.primary ? 'primary' : a.danger ? 'danger' : null,
        text: a.label,
        onclick: async (e) => {
          e.preventDefault();
          if (!a.run) {
            close(undefined);
            return;
          }
          try {
            e.target.disabled = true;
            const v = await a.run();
            if (v !== false) {
              close(v);
            }
          } catch (err) {
            error.textContent = err.message || String(err);
            error.classList.remove('hidden');
          } finally {
            e.target.disabled = false;
          }
        },
      }),
    );
    dlg.append(h('h2', { text: title }), body, error, h('div', { class: 'dialog-actions' }, buttons));
    dlg.addEventListener('cancel', () => {
      dlg.remove();
      resolve(undefined);
    });
    document.body.appendChild(dlg);
    dlg.showModal();
  });
}

export function confirmDialog(title, message, label = 'Confirm', danger = true) {
  return modal(title, h('p', { text: message }), [
    { label: 'Cancel' },
    { label, primary: !danger, danger, run: () => true },
  ]);
}

export function showSecret(title, secret, note) {
  const code = h('div', { class: 'secret', 'data-testid': 'secret', text: secret });
  const copy = h('button', {
    class: 'small',
    type: 'button',
    text: 'Copy',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(secret);
        copy.textContent = 'Copied';
      } catch (e) {
        window.getSelection().selectAllChildren(code);
      }
    },
  });
  return modal(
    title,
    h('div', { class: 'form' }, h('p', { class: 'notice', text: note || 'Copy this key now: it is shown only once.' }), code, h('div', null, copy)),
    [{ label: 'Done', primary: true, run: () => true }],
  );
}

let toasts;

export function toast(message, kind) {
  if (!toasts) {
    toasts = h('div', { class: 'toasts', role: 'status' });
    document.body.appendChild(toasts);
  }
  const t = h('div', { class: `toast ${kind || ''}`, text: message });
  toasts.appendChild(t);
  setTimeout(() => t.remove(), 5000);
}

/** A CSV document from rows of values (RFC 4180 quoting). */
export function csv(rows) {
  return rows
    .map((r) =>
      r
        .map((v) => {
          const s = v === null || v === undefined ? '' : String(v);
          return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
        })
        .join(','),
    )
    .join('\r\n') + '\r\n';
}

export function download(name, text, type = 'text/csv') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, class: 'hidden' });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
