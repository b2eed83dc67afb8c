// Rendering: one function, render(state), draws the whole page from the state object.
// Text from the config or the server only ever goes through textContent.

import {
  applyPaint, bookableHours, bookingCovering, userNamed, visibleDays,
} from './calendar.js';
import {
  dayOfMonth, hourTime, isWeekend, longDate, rangeLabel, shortDate, timeHour, weekdayShort,
} from './dates.js';

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function place(node, row, column, rowSpan = 1) {
  node.style.setProperty('grid-row', `${row} / span ${rowSpan}`);
  node.style.setProperty('grid-column', `${column}`);
}

const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  polling: 'Live updates paused · refreshing every 7 s',
  offline: 'Offline',
  unavailable: 'Unavailable',
};

export function render(state) {
  renderConnection(state);
  renderAccess(state);
  if (state.locked) {
    return;
  }
  if (!state.config) {
    renderNotice(state.notice || 'Loading the calendar…');
    return;
  }
  renderNotice(state.notice || degradedNotice(state));
  const { config } = state;
  $('title').textContent = config.displayTitle || config.title || 'Calendar';
  document.title = config.displayTitle || config.title || 'Calendar';

  const days = visibleDays(state);
  $('range').textContent = rangeLabel(days[0], days[days.length - 1]);
  for (const button of document.querySelectorAll('[data-view]')) {
    button.setAttribute('aria-pressed', String(button.dataset.view === state.view));
  }
  for (const button of document.querySelectorAll('[data-duration]')) {
    button.setAttribute('aria-pressed', String(Number(button.dataset.duration) === state.duration));
  }
  $('duration').dataset.value = String(state.duration);

  renderLegend(config);
  renderGrid(state, days);
  renderHelp(state);
  renderSheet(state);
}

/** The passcode screen, or the calendar with who you are: view only, sign in, sign out. */
function renderAccess(state) {
  document.body.classList.toggle('locked', state.locked);
  $('passcode').hidden = !state.locked;
  $('passcode-error').textContent = state.passcodeError || '';
  const session = state.session;
  const viewer = session?.role === 'viewer';
  document.body.classList.toggle('viewer', viewer);
  $('role').hidden = !viewer || state.locked;
  $('undo').hidden = viewer || state.locked;
  $('history-toggle').hidden = state.locked;
  $('sign-in').hidden = !(viewer && !session.signedIn) || state.locked;
  $('sign-out').hidden = !session?.signedIn || state.locked;
}

function renderConnection(state) {
  const box = $('connection');
  box.dataset.state = state.connection;
  $('connection-text').textContent = CONNECTION_TEXT[state.connection] ?? state.connection;
  box.title = state.connectionMessage || CONNECTION_TEXT[state.connection] || '';
}

/** What the banner says while the calendar works but cannot save or hear changes. */
function degradedNotice(state) {
  if (state.connection === 'unavailable') {
    return `Changes cannot be saved right now: ${state.connectionMessage || 'the calendar’s storage is unreachable'}.`;
  }
  if (state.connection === 'offline') {
    return 'You are offline. The calendar will catch up when the connection is back.';
  }
  return '';
}

function renderNotice(text) {
  const notice = $('notice');
  notice.hidden = !text;
  $('notice-text').textContent = text || '';
  document.body.classList.toggle('has-notice', Boolean(text));
}

function renderLegend(config) {
  const items = config.users.map((user) => {
    const item = el('button', 'legend-item');
    item.type = 'button';
    item.dataset.user = user.name;
    item.dataset.key = user.key ?? '';
    item.title = `Book the selected slot for ${user.name}`;
    applyPaint(item, user.color);
    const swatch = el('span', 'swatch');
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, el('span', 'legend-name', user.name));
    if (user.key) {
      item.append(el('kbd', 'legend-key', user.key.toUpperCase()));
    }
    return item;
  });
  $('legend-items').replaceChildren(...items);
}

function renderGrid(state, days) {
  const { config, selected, now } = state;
  const hours = bookableHours(config);
  const grid = $('grid');
  grid.dataset.view = state.view;
  grid.style.setProperty('--days', String(days.length));
  grid.style.setProperty('--hours', String(hours.length));
  grid.setAttribute('aria-rowcount', String(hours.length + 1));

  const nodes = [];
  const corner = el('div', 'corner');
  place(corner, 1, 1);
  corner.append(el('span', 'zone', shortZone(config.timezone)));
  nodes.push(corner);

  days.forEach((date, d) => {
    const head = el('div', 'day-head');
    head.dataset.date = date;
    head.setAttribute('role', 'columnheader');
    head.classList.toggle('today', date === now.date);
    head.classList.toggle('weekend', isWeekend(date));
    head.classList.toggle('selected-day', date === selected.date);
    head.title = longDate(date);
    head.append(el('span', 'weekday', weekdayShort(date)), el('span', 'daynum', dayOfMonth(date)));
    place(head, 1, d + 2);
    nodes.push(head);
  });

  hours.forEach((hour, h) => {
    const label = el('div', 'hour-label', hourTime(hour));
    label.classList.toggle('now', hour === now.hour && days.includes(now.date));
    place(label, h + 2, 1);
    nodes.push(label);

    days.forEach((date, d) => {
      const slot = el('div', 'slot');
      const time = hourTime(hour);
      slot.dataset.date = date;
      slot.dataset.time = time;
      slot.setAttribute('role', 'gridcell');
      const isSelected = date === selected.date && hour === selected.hour;
      slot.setAttribute('aria-selected', String(isSelected));
      slot.classList.toggle('selected', isSelected);
      slot.classList.toggle('weekend', isWeekend(date));
      slot.classList.toggle('today', date === now.date);
      slot.classList.toggle('past', date < now.date || (date === now.date && hour < now.hour));
      if (date === now.date && hour === now.hour) {
        slot.classList.add('now');
        slot.style.setProperty('--now-frac', String(now.minute / 60));
      }
      const covering = bookingCovering(state.bookings, date, hour);
      slot.setAttribute('aria-label', `${longDate(date)}, ${time}${covering ? `, booked by ${covering.booking.user}` : ', free'}`);
      place(slot, h + 2, d + 2);
      nodes.push(slot);
    });
  });

  days.forEach((date, d) => {
    for (const [time, booking] of Object.entries(state.bookings[date] ?? {})) {
      const start = timeHour(time);
      const end = start + (booking.duration ?? 1);
      const first = Math.max(start, hours[0]);
      const last = Math.min(end, hours[hours.length - 1] + 1);
      if (last <= first) {
        continue; // outside the hours this calendar shows now
      }
      const card = el('div', 'booking');
      card.dataset.user = booking.user;
      card.dataset.date = date;
      card.dataset.time = time;
      card.dataset.duration = String(booking.duration);
      card.setAttribute('aria-hidden', 'true'); // the slots below announce it
      const user = userNamed(config, booking.user);
      applyPaint(card, user?.color);
      card.classList.toggle('unknown-user', !user);
      card.classList.toggle('selected', date === selected.date && selected.hour >= start && selected.hour < end);
      card.classList.toggle('past', date < state.now.date);
      card.append(el('span', 'booking-name', booking.user), el('span', 'booking-time', `${hourTime(start)} – ${hourTime(end)}`));
      place(card, first - hours[0] + 2, d + 2, last - first);
      nodes.push(card);
    }
  });

  grid.replaceChildren(...nodes);
}

function shortZone(timeZone) {
  try {
    const part = new Intl.DateTimeFormat(undefined, { timeZone, timeZoneName: 'short' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName');
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

function renderHelp(state) {
  const items = [
    [['←', '→', '↑', '↓'], 'move'],
    ...(state.session?.role === 'viewer' ? [[['·'], 'view only: booking needs the editors’ passcode']] : [
      [state.config.users.filter((u) => u.key).slice(0, 6).map((u) => u.key.toUpperCase()), 'book'],
      [['1', '2', '3'], 'hours'],
      [['Del'], 'remove'],
      [['Ctrl', 'Z'], 'undo']]),
    [[state.keys.view.toUpperCase()], 'week / day'],
    [[state.keys.today.toUpperCase()], 'today'],
    [['[', ']'], 'previous / next'],
    [['Enter'], 'details'],
  ];
  const nodes = [];
  for (const [keys, label] of items) {
    if (!keys.length) {
      continue;
    }
    const item = el('span', 'help-item');
    for (const key of keys) {
      item.append(el('kbd', undefined, key));
    }
    item.append(el('span', 'help-label', label));
    nodes.push(item);
  }
  nodes.push(el('span', 'help-item help-touch', 'Tap a slot to select it, tap it again to book or remove.'));
  $('help').replaceChildren(...nodes);
}

function renderSheet(state) {
  const sheet = $('sheet');
  sheet.hidden = !state.sheetOpen;
  if (!state.sheetOpen) {
    return;
  }
  const { date, hour } = state.selected;
  $('sheet-title').textContent = `${shortDate(date)} · ${hourTime(hour)}`;
  const covering = bookingCovering(state.bookings, date, hour);
  const status = $('sheet-status');
  const remove = $('sheet-remove');
  remove.hidden = !covering;
  if (covering) {
    const start = timeHour(covering.time);
    status.textContent = `Booked by ${covering.booking.user}, ${covering.time} – ${hourTime(start + covering.booking.duration)}`;
  } else {
    status.textContent = `Free · book for ${state.duration} ${state.duration === 1 ? 'hour' : 'hours'}`;
  }
  // A booked slot offers removal; a free one offers everyone and the length.
  $('sheet-length').hidden = Boolean(covering);
  const users = (covering ? [] : state.config.users).map((user) => {
    const button = el('button', 'sheet-user');
    button.type = 'button';
    button.dataset.user = user.name;
    applyPaint(button, user.color);
    const swatch = el('span', 'swatch');
    swatch.setAttribute('aria-hidden', 'true');
    button.append(swatch, el('span', 'legend-name', user.name));
    return button;
  });
  $('sheet-users').replaceChildren(...users);
}
