// The history panel (who changed what, from where) and undo of one's own last change.
// Undo is an ordinary write: the server checks it like any other, so it can fail with a message.

import { api } from './api.js';
import { longDate } from './dates.js';

const $ = (id) => document.getElementById(id);
const PAGE = 20;

let last = null; // this page's last change: { kind: 'created' | 'changed' | 'deleted', before?, after? }
let next = null; // the id to ask for older entries, or null
let loads = 0; // answers can arrive out of order: only the latest load is drawn

/** Remembers a change this page made, so it can be undone. */
export function rememberChange(change) {
  last = change;
  $('undo').disabled = false;
  $('undo').title = `Undo: ${describe(change)} (Ctrl+Z)`;
}

function describe(change) {
  const booking = change.after ?? change.before;
  const what = { created: 'booking', changed: 'change of', deleted: 'removal of' }[change.kind];
  return `${what} ${booking.user} ${booking.time} on ${longDate(booking.date)}`;
}

/** The inverse write of the last change; resolves to what was done, rejects with the server's error. */
export async function undoLast(bookings) {
  if (!last) {
    throw new Error('Nothing to undo: you have not changed anything here yet.');
  }
  const change = last;
  const { before, after } = change;
  if (change.kind === 'created') {
    const there = bookings[after.date]?.[after.time];
    if (!there || there.user !== after.user) {
      throw new Error(`Cannot undo: the booking at ${after.time} was changed or removed meanwhile.`);
    }
    await api.remove(after.date, after.time, 'undo');
  } else if (change.kind === 'changed') {
    await api.update({ date: before.date, time: before.time, user: before.user, duration: before.duration }, 'undo');
  } else {
    await api.create({ date: before.date, time: before.time, user: before.user, duration: before.duration }, 'undo');
  }
  last = null;
  $('undo').disabled = true;
  $('undo').title = 'Undo your last change (Ctrl+Z)';
  refreshHistory();
  return change;
}

const ACTION_TEXT = {
  created: 'booked',
  moved: 'moved',
  'user-changed': 'gave to another person',
  changed: 'changed the length of',
  deleted: 'removed',
};

function slot(b) {
  const end = Number.parseInt(b.time, 10) + b.duration;
  return `${b.user} ${b.time}–${String(end).padStart(2, '0')}:00, ${longDate(b.date)}`;
}

function entryItem(entry) {
  const item = document.createElement('li');
  item.className = 'history-entry';
  item.dataset.action = entry.action;
  const when = document.createElement('time');
  when.dateTime = entry.at;
  when.textContent = new Date(entry.at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  const what = document.createElement('p');
  what.className = 'history-what';
  const booking = entry.after ?? entry.before;
  let text = `${ACTION_TEXT[entry.action] ?? entry.action} ${slot(booking)}`;
  if (entry.action === 'moved' && entry.before && entry.after) {
    text = `moved ${slot(entry.before)} → ${entry.after.time}, ${longDate(entry.after.date)}`;
  } else if (entry.action === 'user-changed' && entry.before && entry.after) {
    text = `gave ${slot(entry.before)} to ${entry.after.user}`;
  }
  what.textContent = text.charAt(0).toUpperCase() + text.slice(1);
  const where = document.createElement('span');
  where.className = 'history-where';
  where.textContent = `from the ${entry.source === 'api' ? 'API' : entry.source}${entry.role ? ` · ${entry.role}` : ''}`;
  item.append(when, what, where);
  return item;
}

async function load(older) {
  const list = $('history-list');
  const mine = ++loads;
  const answer = await api.history(PAGE, older ? next : null);
  if (mine !== loads) {
    return;
  }
  const items = answer.entries.map(entryItem);
  if (older) {
    list.append(...items);
  } else {
    list.replaceChildren(...items);
  }
  next = answer.next;
  $('history-older').hidden = !next;
  $('history-empty').hidden = list.children.length > 0;
  $('history-retention').textContent = `Kept for ${answer.retentionDays} days.`;
}

/** Reloads the newest page while the panel is open (after a change of anyone's). */
export function refreshHistory() {
  if (!$('history').hidden) {
    load(false).catch(() => {});
  }
}

export function toggleHistory() {
  const panel = $('history');
  panel.hidden = !panel.hidden;
  $('history-toggle').setAttribute('aria-expanded', String(!panel.hidden));
  if (!panel.hidden) {
    load(false).catch((error) => {
      $('history-list').replaceChildren();
      $('history-empty').hidden = false;
      $('history-empty').textContent = error.message;
    });
  }
}

export function olderHistory() {
  load(true).catch(() => {});
}
