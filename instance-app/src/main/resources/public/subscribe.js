// "Subscribe": the calendar's iCalendar feed URLs, for those who may see them (editors).
// The server decides: GET /api/feeds answers only an editor; anyone else never sees the button.

import { api } from './api.js';

const $ = (id) => document.getElementById(id);

let shownFor = null; // the role the button was last decided for

/** Called after each render: asks the server again when the session's role changed. */
export function syncSubscribe(session) {
  const role = session?.role ?? null;
  if (role === shownFor) {
    return;
  }
  shownFor = role;
  $('subscribe').hidden = true;
  closeSubscribe();
  if (role !== 'editor') {
    return;
  }
  api.feeds().then((feeds) => {
    if (feeds && shownFor === 'editor') { // none (204) while the calendar has no feed token
      fill(feeds);
      $('subscribe').hidden = false;
    }
  }).catch(() => {
    // no feed (no token yet) or not allowed: the button stays hidden
  });
}

function row(label, url) {
  const item = document.createElement('li');
  item.className = 'feed';
  const name = document.createElement('span');
  name.className = 'feed-name';
  name.textContent = label;
  const input = document.createElement('input');
  input.className = 'feed-url';
  input.readOnly = true;
  input.value = url;
  input.setAttribute('aria-label', `Feed URL: ${label}`);
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'pill copy';
  copy.textContent = 'Copy';
  copy.addEventListener('click', () => copyUrl(input, copy));
  item.append(name, input, copy);
  return item;
}

function fill(feeds) {
  const list = $('subscribe-feeds');
  list.replaceChildren(row('Everyone', feeds.calendar),
    ...Object.entries(feeds.users ?? {}).map(([name, url]) => row(name, url)));
}

async function copyUrl(input, button) {
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    document.execCommand?.('copy'); // without clipboard access (plain http), the selection is copied
  }
  button.textContent = 'Copied';
  setTimeout(() => { button.textContent = 'Copy'; }, 1500);
}

export function toggleSubscribe() {
  $('subscribe-dialog').hidden = !$('subscribe-dialog').hidden;
}

export function closeSubscribe() {
  $('subscribe-dialog').hidden = true;
}
