// What the page derives from its state: which days are on screen, which booking covers a slot,
// how a user's color glows. No DOM here.

import { daysFrom, mondayOf, timeHour } from './dates.js';

export const NARROW_SCREEN = '(max-width: 720px)';

export function visibleDays(state) {
  return state.view === 'week' ? daysFrom(mondayOf(state.selected.date), 7) : [state.selected.date];
}

export function bookableHours(config) {
  const { start, end } = config.hours;
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}

/** The booking whose hours include `hour` on `date`, as { time, booking }, or null. */
export function bookingCovering(bookings, date, hour) {
  const day = bookings[date];
  if (!day) {
    return null;
  }
  for (const [time, booking] of Object.entries(day)) {
    const start = timeHour(time);
    if (hour >= start && hour < start + (booking.duration ?? 1)) {
      return { time, booking };
    }
  }
  return null;
}

export function userNamed(config, name) {
  return config.users.find((u) => u.name === name) ?? null;
}

/** The user whose hotkey is `key`, compared without case. */
export function userWithKey(config, key) {
  const wanted = key.toLowerCase();
  return config.users.find((u) => typeof u.key === 'string' && u.key.toLowerCase() === wanted) ?? null;
}

// a booking of someone who is no longer a user of the calendar
const NO_USER_COLOR = '#64748b';

/** The API gives every user's color as #rrggbb. */
function rgbOf(color) {
  const hex = color ?? NO_USER_COLOR;
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
}

/** The CSS custom properties that paint one user (#rrggbb): fill, glow (0.4) and strong glow (0.6). */
export function userPaint(color) {
  const [r, g, b] = rgbOf(color);
  // Relative luminance decides between light and dark lettering on the fill.
  const lum = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return {
    '--user': `rgb(${r}, ${g}, ${b})`,
    '--glow': `rgba(${r}, ${g}, ${b}, 0.4)`,
    '--glow-strong': `rgba(${r}, ${g}, ${b}, 0.6)`,
    '--tint': `rgba(${r}, ${g}, ${b}, 0.14)`,
    '--ink': lum > 0.62 ? '#0b1020' : '#ffffff',
  };
}

export function applyPaint(element, color) {
  for (const [name, value] of Object.entries(userPaint(color))) {
    element.style.setProperty(name, value);
  }
}
