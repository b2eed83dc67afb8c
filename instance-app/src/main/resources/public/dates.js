// Calendar dates are plain "YYYY-MM-DD" strings in the instance's time zone.
// Arithmetic on them is done in UTC so the browser's own zone never shifts a day.

const DAY_MS = 86_400_000;

function utcMillis(date) {
  return Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));
}

function asDate(date) {
  return new Date(utcMillis(date));
}

export function addDays(date, days) {
  return new Date(utcMillis(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday ... 6 = Sunday. */
export function weekdayIndex(date) {
  return (asDate(date).getUTCDay() + 6) % 7;
}

export function isWeekend(date) {
  return weekdayIndex(date) >= 5;
}

export function mondayOf(date) {
  return addDays(date, -weekdayIndex(date));
}

export function daysFrom(first, count) {
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}

export function hourTime(hour) {
  return `${String(hour).padStart(2, '0')}:00`;
}

export function timeHour(time) {
  return Number.parseInt(time.slice(0, 2), 10);
}

/** Today's date, hour and minute as the instance's clock shows them. */
export function zonedNow(timeZone, at = new Date()) {
  let format;
  try {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
  } catch {
    return zonedNow('UTC', at); // an unknown zone id: fall back rather than break the page
  }
  const part = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    date: `${part.year}-${part.month}-${part.day}`,
    hour: Number(part.hour) % 24,
    minute: Number(part.minute),
  };
}

const formats = new Map();
function format(options) {
  const key = JSON.stringify(options);
  if (!formats.has(key)) {
    formats.set(key, new Intl.DateTimeFormat(undefined, { ...options, timeZone: 'UTC' }));
  }
  return formats.get(key);
}

export function weekdayShort(date) {
  return format({ weekday: 'short' }).format(asDate(date));
}

export function dayOfMonth(date) {
  return String(asDate(date).getUTCDate());
}

export function longDate(date) {
  return format({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(asDate(date));
}

export function shortDate(date) {
  return format({ weekday: 'short', day: 'numeric', month: 'short' }).format(asDate(date));
}

/** The visible range in the reader's language, e.g. "Jan 15 – 21, 2024". */
export function rangeLabel(first, last) {
  if (first === last) {
    return longDate(first);
  }
  const f = format({ day: 'numeric', month: 'short', year: 'numeric' });
  return typeof f.formatRange === 'function'
    ? f.formatRange(asDate(first), asDate(last))
    : `${f.format(asDate(first))} – ${f.format(asDate(last))}`;
}
