/**
 * Small wording rules shared by the panels (issue #19 §3): counts in the right number,
 * and no mouse-and-keyboard words on touch screens.
 */

const IRREGULAR: Record<string, string> = { box: 'boxes', pass: 'passes', class: 'classes' };

/** "1 box", "2 boxes", "0 frames": a count with its noun in the right number. */
export function countOf(n: number, noun: string, many = IRREGULAR[noun] ?? `${noun}s`): string {
  return `${n} ${n === 1 ? noun : many}`;
}

/** Whether the main pointer is a finger (no hover, coarse): no dragging files, no Ctrl/⌘+V. */
export function isTouchScreen(): boolean {
  if (typeof matchMedia !== 'function') return false;
  return matchMedia('(hover: none)').matches || matchMedia('(pointer: coarse)').matches;
}
