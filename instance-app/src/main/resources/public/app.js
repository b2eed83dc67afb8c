// The page's state, and everything that changes it: keys, clicks, server answers, live events.

import { api, ApiError, followLiveFeed, NOT_MODIFIED } from './api.js';
import {
  bookableHours, bookingCovering, NARROW_SCREEN, userWithKey, visibleDays,
} from './calendar.js';
import { addDays, hourTime, zonedNow } from './dates.js';
import { orphanPanel } from './orphans.js';
import { render } from './view.js';
import {
  olderHistory, refreshHistory, rememberChange, toggleHistory, undoLast,
} from './history.js';
import { closeSubscribe, syncSubscribe, toggleSubscribe } from './subscribe.js';

const state = {
  config: null,
  notice: '',
  bookings: {}, // { "2024-01-21": { "10:00": { user, duration, createdAt } } }
  view: window.matchMedia(NARROW_SCREEN).matches ? 'day' : 'week',
  selected: { date: null, hour: 0 },
  duration: 1,
  connection: 'connecting',
  connectionMessage: '',
  sheetOpen: false,
  now: { date: '', hour: 0, minute: 0 },
  keys: { view: 'w', today: 't' },
  session: null, // { role: 'editor' | 'viewer', access: 'Passcode' | 'Public' | 'External', viewers, signedIn }
  locked: false, // the passcode screen is showing
  passcodeError: '',
};

const mayWrite = () => state.session?.role !== 'viewer';
const orphans = orphanPanel({ mayWrite, users: () => state.config?.users ?? [], onError: (error) => showError(error) });

let renderQueued = false;
function update(change) {
  change?.(state);
  if (!renderQueued) {
    renderQueued = true;
    queueMicrotask(() => {
      renderQueued = false;
      render(state);
      syncSubscribe(state.session);
      document.querySelector('.slot.selected')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    });
  }
}

// ---- config and bookings --------------------------------------------------------------

function applyConfig(config) {
  const first = !state.config;
  // final values: the operator resolves them and the app normalises what it stores
  state.config = config;
  state.notice = '';
  state.now = zonedNow(state.config.timezone);
  // A person whose key is W or T takes that key; the controls move to V and H.
  const taken = (key) => Boolean(userWithKey(state.config, key));
  state.keys = { view: taken('w') ? 'v' : 'w', today: taken('t') ? 'h' : 't' };
  const hours = bookableHours(state.config);
  if (first) {
    state.selected = firstSelection(state.config, state.now);
  } else if (hours.length) {
    state.selected.hour = Math.min(Math.max(state.selected.hour, hours[0]), hours[hours.length - 1]);
  }
}

/** Today at the first bookable hour, or the next day when today's hours are over. */
function firstSelection(config, now) {
  const date = now.hour >= config.hours.end ? addDays(now.date, 1) : now.date;
  return { date, hour: config.hours.start };
}

let loadedRange = '';
let inFlight = null; // live events that arrive while a snapshot loads are replayed on top of it

async function loadBookings({ force = false, ifChanged = false } = {}) {
  const days = visibleDays(state);
  const from = days[0];
  const to = days[days.length - 1];
  const range = `${from}/${to}`;
  if (!force && range === loadedRange) {
    return;
  }
  loadedRange = range;
  const replay = [];
  inFlight = replay;
  try {
    const snapshot = await api.bookings(from, to, { ifChanged });
    if (snapshot === NOT_MODIFIED) {
      return; // the days are as the last answer had them, and the page shows that answer
    }
    update((s) => {
      for (const date of days) {
        if (snapshot?.[date]) {
          s.bookings[date] = { ...snapshot[date] };
        } else {
          delete s.bookings[date];
        }
      }
      replay.forEach(([type, data]) => applyEvent(type, data));
    });
  } catch (error) {
    loadedRange = '';
    throw error;
  } finally {
    if (inFlight === replay) {
      inFlight = null;
    }
  }
}

async function refreshEverything() {
  const config = await api.config();
  update(() => applyConfig(config));
  orphans.refresh();
  await loadBookings({ force: true, ifChanged: true });
}

function applyEvent(type, data) {
  switch (type) {
    case 'booking-created':
    case 'booking-updated':
      if (data.date && data.time && data.booking) {
        (state.bookings[data.date] ??= {})[data.time] = data.booking;
      }
      break;
    case 'booking-deleted':
      if (state.bookings[data.date]) {
        delete state.bookings[data.date][data.time];
      }
      break;
    case 'config-changed':
      applyConfig(data);
      checkSession(); // a changed passcode ends the session
      break;
    default:
      break;
  }
}

function onLiveEvent(type, data) {
  if (type !== 'booking-created' && type !== 'unavailable') {
    orphans.refresh(); // a config change can orphan bookings; a removal or reassignment ends one
  }
  if (type === 'resync') {
    refreshEverything().catch(showError);
    return;
  }
  if (type === 'unavailable') {
    return;
  }
  inFlight?.push([type, data]);
  update(() => applyEvent(type, data));
  if (type.startsWith('booking-')) {
    refreshHistory();
  }
}

// ---- access -----------------------------------------------------------------------------

let passcodeEntered = null; // resolves the wait for a right passcode

/** Shows the passcode screen until a passcode signs in; resolves with the new session. */
function askPasscode(message = '') {
  update((s) => {
    s.locked = true;
    s.passcodeError = message;
  });
  setTimeout(() => document.getElementById('passcode-input')?.focus(), 0);
  return new Promise((resolve) => { passcodeEntered = resolve; });
}

async function submitPasscode(event) {
  event.preventDefault();
  const input = document.getElementById('passcode-input');
  const button = document.getElementById('passcode-submit');
  button.disabled = true;
  try {
    const session = await api.signIn(input.value);
    input.value = '';
    update((s) => {
      s.session = session;
      s.locked = false;
      s.passcodeError = '';
    });
    passcodeEntered?.(session);
    passcodeEntered = null;
  } catch (error) {
    update((s) => {
      s.passcodeError = error.message;
    });
    input.select();
  } finally {
    button.disabled = false;
  }
}

/** Who am I here: a 401 means there is no session (or it ended) and the passcode is asked for. */
async function checkSession() {
  try {
    const session = await api.session();
    update((s) => {
      s.session = session;
    });
  } catch (error) {
    if (error.status === 401) {
      signedOut();
    }
  }
}

function signedOut(message = 'Your session has ended (the passcode may have changed). Enter the passcode again.') {
  if (state.locked || state.session?.access === 'External') {
    return; // behind a sign-in proxy the proxy signs in again, not a passcode
  }
  askPasscode(message).then(() => refreshEverything().catch(showError));
}

async function signOut() {
  try {
    await api.signOut();
  } finally {
    window.location.reload();
  }
}

function signInAsEditor() {
  askPasscode().then(() => refreshEverything().catch(showError));
}

// ---- actions ----------------------------------------------------------------------------

function showMessage(text, kind = 'error') {
  const box = document.getElementById('messages');
  const toast = document.createElement('div');
  toast.className = 'toast';
  toast.dataset.kind = kind;
  toast.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  toast.textContent = text;
  box.append(toast);
  while (box.children.length > 3) {
    box.firstElementChild.remove();
  }
  setTimeout(() => toast.classList.add('leaving'), 5200);
  setTimeout(() => toast.remove(), 5600);
}

function showError(error) {
  showMessage(error instanceof ApiError || error instanceof Error ? error.message : String(error));
  if (error instanceof ApiError && error.status === 503 && error.code === 'redis-unavailable') {
    update((s) => {
      s.connection = 'unavailable';
      s.connectionMessage = error.message;
    });
  }
}

function refuseViewer() {
  showMessage('View only: sign in with the editors’ passcode to book or remove.', 'info');
}

async function book(user) {
  if (!state.config || !state.selected.date) {
    return;
  }
  if (!mayWrite()) {
    refuseViewer();
    return;
  }
  const { date, hour } = state.selected;
  const time = hourTime(hour);
  const booking = { date, time, user: user.name, duration: state.duration };
  const covering = bookingCovering(state.bookings, date, hour);
  // The owner's key on the first hour of their own booking changes its length; anything else is a new booking.
  const change = covering && covering.time === time && covering.booking.user === user.name;
  const before = change ? { date, time, ...covering.booking } : null;
  try {
    const answer = change ? await api.update(booking) : await api.create(booking);
    rememberChange({ kind: change ? 'changed' : 'created', before, after: booking });
    update((s) => {
      // Drawn at once; the live event that follows carries the stored booking.
      (s.bookings[date] ??= {})[time] = { user: user.name, duration: booking.duration, createdAt: answer?.createdAt };
      s.sheetOpen = false;
    });
  } catch (error) {
    showError(error);
  }
}

async function removeSelected() {
  if (!mayWrite()) {
    refuseViewer();
    return;
  }
  const { date, hour } = state.selected;
  const covering = bookingCovering(state.bookings, date, hour);
  if (!covering) {
    showMessage(`Nothing booked at ${hourTime(hour)}.`, 'info');
    return;
  }
  try {
    await api.remove(date, covering.time);
    rememberChange({ kind: 'deleted', before: { date, time: covering.time, ...covering.booking } });
    update((s) => {
      delete s.bookings[date]?.[covering.time];
      s.sheetOpen = false;
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      update(() => delete state.bookings[date]?.[covering.time]);
    }
    showError(error);
  }
}

function select(date, hour) {
  const hours = bookableHours(state.config);
  const clamped = Math.min(Math.max(hour, hours[0]), hours[hours.length - 1]);
  update((s) => {
    s.selected = { date, hour: clamped };
  });
  loadBookings().catch(showError);
}

function moveSelection(days, hours) {
  select(addDays(state.selected.date, days), state.selected.hour + hours);
}

function page(direction) {
  moveSelection(direction * (state.view === 'week' ? 7 : 1), 0);
}

function goToday() {
  const now = zonedNow(state.config.timezone);
  update((s) => {
    s.now = now;
  });
  const hours = bookableHours(state.config);
  const hour = now.hour >= hours[0] && now.hour <= hours[hours.length - 1] ? now.hour : hours[0];
  select(now.date, hour);
}

function toggleView() {
  update((s) => {
    s.view = s.view === 'week' ? 'day' : 'week';
  });
  loadBookings().catch(showError);
}

function setDuration(duration) {
  update((s) => {
    s.duration = duration;
  });
}

function setSheet(open) {
  update((s) => {
    s.sheetOpen = open;
  });
}

async function undo() {
  if (!mayWrite()) {
    refuseViewer();
    return;
  }
  try {
    const change = await undoLast(state.bookings);
    update((s) => {
      const { before, after } = change;
      if (change.kind !== 'deleted') {
        delete s.bookings[after.date]?.[after.time];
      }
      if (before) {
        (s.bookings[before.date] ??= {})[before.time] = { user: before.user, duration: before.duration };
      }
    });
    showMessage('Undone.', 'info');
  } catch (error) {
    showError(error);
  }
}

// ---- input ------------------------------------------------------------------------------

const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

function onKey(event) {
  if (event.key === 'Escape') {
    closeSubscribe(); // also from its URL fields, which the keys below leave alone
  }
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'z' && state.config && !state.locked
      && !(event.target instanceof HTMLInputElement)) {
    event.preventDefault();
    undo();
    return;
  }
  if (!state.config || state.locked || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) {
    return;
  }
  if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) {
    return;
  }
  const { key } = event;
  const onButton = event.target instanceof HTMLButtonElement;
  let handled = true;
  if (ARROWS[key]) {
    moveSelection(...ARROWS[key]);
  } else if (key === '1' || key === '2' || key === '3') {
    setDuration(Number(key));
  } else if (key === 'Delete' || key === 'Backspace') {
    removeSelected();
  } else if (key === 'Escape') {
    setSheet(false);
  } else if (key === 'Enter' && !onButton) {
    setSheet(!state.sheetOpen);
  } else if (key === '[' || key === 'PageUp') {
    page(-1);
  } else if (key === ']' || key === 'PageDown') {
    page(1);
  } else if (key === 'Home') {
    goToday();
  } else if (key.length === 1 && userWithKey(state.config, key)) {
    book(userWithKey(state.config, key));
  } else if (key.toLowerCase() === state.keys.view) {
    toggleView();
  } else if (key.toLowerCase() === state.keys.today) {
    goToday();
  } else {
    handled = false;
  }
  if (handled) {
    event.preventDefault();
  }
}

function onClick(event) {
  const target = event.target instanceof Element ? event.target : null;
  const slot = target?.closest('.slot');
  if (slot) {
    const hour = Number.parseInt(slot.dataset.time, 10);
    const already = slot.dataset.date === state.selected.date && hour === state.selected.hour;
    if (already) {
      setSheet(!state.sheetOpen); // a second tap on the selected slot offers booking / removing
    } else {
      select(slot.dataset.date, hour);
    }
    return;
  }
  const head = target?.closest('.day-head');
  if (head) {
    if (state.view === 'week') {
      toggleView();
    }
    select(head.dataset.date, state.selected.hour);
    return;
  }
  const person = target?.closest('.legend-item, .sheet-user');
  if (person) {
    const user = state.config.users.find((u) => u.name === person.dataset.user);
    if (user) {
      book(user);
    }
    return;
  }
  const duration = target?.closest('[data-duration]');
  if (duration) {
    setDuration(Number(duration.dataset.duration));
    return;
  }
  const view = target?.closest('[data-view]');
  if (view && view.dataset.view !== state.view) {
    toggleView();
    return;
  }
  const id = target?.closest('button')?.id;
  const actions = {
    prev: () => page(-1),
    next: () => page(1),
    today: goToday,
    'sheet-close': () => setSheet(false),
    'sheet-remove': removeSelected,
    'sign-out': signOut,
    'sign-in': signInAsEditor,
    undo,
    subscribe: toggleSubscribe,
    'subscribe-close': closeSubscribe,
    'history-toggle': toggleHistory,
    'history-close': toggleHistory,
    'history-older': olderHistory,
  };
  actions[id]?.();
}

// ---- start ------------------------------------------------------------------------------

async function start() {
  document.addEventListener('keydown', onKey);
  document.addEventListener('click', onClick);
  // The clock moves the "now" marks and, after midnight, what today is.
  setInterval(() => state.config && update((s) => {
    s.now = zonedNow(s.config.timezone);
  }), 30_000);
  document.getElementById('passcode-form').addEventListener('submit', submitPasscode);
  api.onSignedOut = () => signedOut();

  while (!state.session) {
    try {
      const session = await api.session();
      update((s) => {
        s.session = session;
      });
    } catch (error) {
      if (error.status === 401 && error.code !== 'sign-in-through-proxy') {
        await askPasscode();
      } else {
        update((s) => {
          s.notice = error.message;
          s.connection = error.status === 0 ? 'offline' : 'unavailable';
        });
        await new Promise((resolve) => { setTimeout(resolve, 7000); });
      }
    }
  }
  while (!state.config) {
    try {
      const config = await api.config();
      update(() => applyConfig(config));
    } catch (error) {
      update((s) => {
        s.notice = error.message;
        s.connection = error.status === 0 ? 'offline' : 'unavailable';
        s.connectionMessage = '';
      });
      await new Promise((resolve) => { setTimeout(resolve, 7000); });
    }
  }
  await loadBookings().catch(showError);
  orphans.refresh();
  followLiveFeed({
    onEvent: onLiveEvent,
    onState: (connection, message = '') => update((s) => {
      s.connection = connection;
      s.connectionMessage = message;
    }),
    poll: refreshEverything,
  });
}

update();
start();
