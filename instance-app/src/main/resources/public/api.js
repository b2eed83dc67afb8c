// HTTP and the live feed. Every failure becomes an ApiError carrying the server's message.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** What a GET asked with `ifChanged` answers when the server has nothing new (304 to its If-None-Match). */
export const NOT_MODIFIED = Symbol('not modified');
const etags = new Map(); // path → ETag of its last answer

// The history tells changes from the page apart from the API's (and an undo from a change).
async function request(method, path, body, { client = 'page', ifChanged = false } = {}) {
  const init = { method, cache: 'no-store', headers: { Accept: 'application/json', 'X-Calendar-Client': client } };
  if (ifChanged && etags.has(path)) {
    init.headers['If-None-Match'] = etags.get(path);
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the calendar server. Check your connection.');
  }
  if (response.status === 304) {
    return NOT_MODIFIED;
  }
  const etag = response.headers.get('ETag');
  if (method === 'GET' && response.ok && etag) {
    etags.set(path, etag);
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.status === 401 && path !== '/api/session') {
    api.onSignedOut?.(data?.message); // e.g. the passcode was changed: every session ended
  }
  if (!response.ok) {
    throw new ApiError(
      response.status,
      data?.error ?? `http-${response.status}`,
      data?.message ?? `The server refused the request (${response.status}).`,
    );
  }
  return data;
}

export const api = {
  /** Set by the page: called when the server says there is no session (any request but the session's own). */
  onSignedOut: null,
  session: () => request('GET', '/api/session'),
  signIn: (passcode) => request('POST', '/api/session', { passcode }),
  signOut: () => request('DELETE', '/api/session'),
  config: () => request('GET', '/api/config'),
  /** With `ifChanged`, NOT_MODIFIED when the range is as the last answer had it (the polling fallback asks this way). */
  bookings: (from, to, { ifChanged = false } = {}) => request('GET', `/api/bookings?from=${from}&to=${to}`, undefined, { ifChanged }),
  create: (booking, client) => request('POST', '/api/bookings', booking, { client }),
  update: (booking, client) => request('PUT', '/api/bookings/update', booking, { client }),
  remove: (date, time, client) => request('DELETE', '/api/bookings/update', { date, time }, { client }),
  feeds: () => request('GET', '/api/feeds'),
  history: (limit, before) => request('GET', `/api/history?limit=${limit}${before ? `&before=${encodeURIComponent(before)}` : ''}`),
  orphanedBookings: () => request('GET', '/api/orphaned-bookings'),
};

const EVENT_TYPES = ['booking-created', 'booking-updated', 'booking-deleted', 'config-changed', 'resync', 'unavailable'];
const POLL_MS = 7000;

/**
 * Follows /api/events. While the stream is down it polls every 7 s instead, and it
 * tells the page what the connection looks like through onState:
 * 'connecting' | 'live' | 'reconnecting' | 'polling' | 'offline' | 'unavailable'.
 */
export function followLiveFeed({ onEvent, onState, poll }) {
  let source = null;
  let pollTimer = null;
  let retryTimer = null;
  let hadError = false;

  const pollOnce = async () => {
    try {
      await poll();
      onState(source?.readyState === EventSource.OPEN ? 'live' : 'polling');
    } catch (error) {
      onState(error.status === 0 ? 'offline' : 'unavailable', error.message);
    }
  };
  const startPolling = () => {
    pollTimer ??= setInterval(pollOnce, POLL_MS);
  };
  const stopPolling = () => {
    clearInterval(pollTimer);
    pollTimer = null;
  };

  const connect = () => {
    retryTimer = null;
    onState(hadError ? 'reconnecting' : 'connecting');
    source = new EventSource('/api/events');
    source.onopen = () => {
      stopPolling();
      onState('live');
      if (hadError) {
        hadError = false;
        onEvent('resync', {}); // the stream resumes by Last-Event-ID; a refetch makes sure
      }
    };
    source.onerror = () => {
      hadError = true;
      startPolling();
      if (source.readyState === EventSource.CLOSED) {
        // The server refused the stream (e.g. 503): EventSource gives up, so we retry ourselves.
        onState(navigator.onLine ? 'polling' : 'offline');
        retryTimer ??= setTimeout(connect, POLL_MS);
      } else {
        onState(navigator.onLine ? 'reconnecting' : 'offline');
      }
    };
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (event) => {
        let data = {};
        try {
          data = event.data ? JSON.parse(event.data) : {};
        } catch {
          return;
        }
        if (type === 'unavailable') {
          onState('unavailable', data.message);
        } else {
          onState('live');
        }
        onEvent(type, data);
      });
    }
  };

  if (typeof EventSource === 'undefined') {
    onState('polling');
    startPolling();
    return;
  }
  window.addEventListener('offline', () => onState('offline'));
  window.addEventListener('online', () => {
    if (source?.readyState === EventSource.CLOSED) {
      clearTimeout(retryTimer);
      connect();
    } else {
      pollOnce();
    }
  });
  connect();
}
