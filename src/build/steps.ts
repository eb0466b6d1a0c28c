import type { Format, Layout } from '../config/editions.ts';

/**
 * The steps an edition's build reports to the progress line: subsetting its
 * fonts, then each output it renders, once per layout, but the review once
 * whatever the layouts (it lists the conversion's choices, the same in both).
 * The serial build and a parallel build's first thread count alike, so the
 * progress line never shows more steps done than it said there were.
 */
export function editionSteps(formats: readonly Format[], layouts: readonly Layout[]): number {
  const perLayout = formats.filter((f) => f !== 'review').length;
  return 1 + perLayout * layouts.length + (formats.includes('review') ? 1 : 0);
}
