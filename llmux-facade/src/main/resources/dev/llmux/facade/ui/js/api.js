// Calls to the facade made with the dashboard session (the HttpOnly cookie): /ui/api/<path> is the
// facade's own /<path>, served as if called with the signed-in key. State-changing calls carry the
// session's CSRF token; the key itself never reaches this page after sign-in.

let csrfToken = null;
let onSignedOut = null;

export function setCsrf(token) {
  csrfToken = token;
}

/** Called with the error when a call answers 401 (the session ended, or its key was revoked). */
export function onUnauthorized(handler) {
  onSignedOut = handler;
}

export class ApiError extends Error {
  constructor(status, body, text) {
    const e = body && body.error ? body.error : null;
    super(e && e.message ? e.message : `HTTP ${status}${text ? ': ' + text.slice(0, 200) : ''}`);
    this.status = status;
    this.code = e ? e.code : null;
    this.body = body;
  }
}

export function url(path, query) {
  const u = new URL('api' + path, document.baseURI);
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') {
        u.searchParams.set(k, String(v));
      }
    }
  }
  return u;
}

/** A raw fetch through the session (for streams); the caller reads the response. */
export function fetchRaw(method, path, body, { signal } = {}) {
  const headers = { Accept: 'application/json, text/event-stream' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  return fetch(url(path), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
    signal,
  });
}

export async function call(method, path, { query, body, quiet401 } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  const res = await fetch(url(path, query), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data, data ? '' : text);
    if (res.status === 401 && !quiet401 && onSignedOut) {
      onSignedOut(err);
    }
    throw err;
  }
  return data;
}

export const get = (path, query) => call('GET', path, { query });
export const post = (path, body) => call('POST', path, { body: body || {} });
