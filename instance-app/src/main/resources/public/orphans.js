// Bookings an edit of the calendar left behind (a user removed or renamed, the hours narrowed).
// They still hold their slots, but the grid has no row or colour for them, so they are listed
// here for an editor to remove or give to a current user. The server says which they are and why.

import { api } from './api.js';
import { hourTime, longDate, timeHour } from './dates.js';

const $ = (id) => document.getElementById(id);

/**
 * @param mayWrite () => boolean: viewers see the list, editors also get the buttons
 * @param users () => the current users, for "Give to"
 * @param onError (error) => void, for what an editor did here
 */
export function orphanPanel({ mayWrite, users, onError }) {
  let orphans = [];
  let queued = null;

  const refresh = () => {
    // a burst of live events costs one request
    queued ??= setTimeout(async () => {
      queued = null;
      try {
        orphans = (await api.orphanedBookings())?.bookings ?? [];
      } catch {
        return; // a background refresh: the connection indicator already tells of an outage
      }
      draw();
    }, 150);
  };

  const act = async (write) => {
    try {
      await write();
    } catch (error) {
      onError(error);
    }
    refresh();
  };

  function item(orphan) {
    const row = document.createElement('li');
    row.className = 'orphan';
    row.dataset.date = orphan.date;
    row.dataset.time = orphan.time;
    const what = document.createElement('span');
    what.className = 'orphan-what';
    const end = hourTime(timeHour(orphan.time) + orphan.duration);
    what.textContent = `${longDate(orphan.date)} ${orphan.time}–${end} · ${orphan.user}`;
    const why = document.createElement('span');
    why.className = 'orphan-why';
    why.textContent = orphan.problem;
    row.append(what, why);
    if (!mayWrite()) {
      return row;
    }
    if (orphan.reassignable) {
      const give = document.createElement('select');
      give.className = 'orphan-give';
      give.setAttribute('aria-label', `Give the booking of ${orphan.date} ${orphan.time} to`);
      give.append(new Option('Give to…', ''));
      for (const user of users()) {
        give.append(new Option(user.name, user.name));
      }
      give.addEventListener('change', () => give.value && act(() => api.update({
        date: orphan.date, time: orphan.time, user: give.value, duration: orphan.duration,
      })));
      row.append(give);
    }
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'danger orphan-remove';
    remove.textContent = 'Remove';
    remove.addEventListener('click', () => act(() => api.remove(orphan.date, orphan.time)));
    row.append(remove);
    return row;
  }

  function draw() {
    const panel = $('orphans');
    panel.hidden = orphans.length === 0;
    $('orphans-title').textContent = orphans.length === 1
      ? '1 booking no longer fits this calendar'
      : `${orphans.length} bookings no longer fit this calendar`;
    $('orphans-list').replaceChildren(...orphans.map(item));
  }

  return { refresh };
}
