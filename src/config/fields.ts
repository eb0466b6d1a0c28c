/* The value kinds book.yaml's schemas share. */
import { z } from './zod.ts';

/**
 * Whether a YYYY-MM-DD… string's date is a day of the calendar (no
 * 2026-13-45, no 2026-02-30): it goes into the OPF and onto the copyright
 * page as it is. A value not in that form passes here: zod runs every check,
 * and the form's own message is the one to read (2026/12/01 is not a day
 * missing from the calendar).
 */
function isCalendarDay(s: string, form: RegExp): boolean {
  if (!form.test(s)) return true;
  const [y, m, d] = s.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MOMENT = /^\d{4}-\d{2}-\d{2}(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?)?$/;

export const isoDate = z.string().regex(DATE, 'expected a date as YYYY-MM-DD').refine((s) => isCalendarDay(s, DATE), 'no such day in the calendar');

export const isoMoment = z.string().regex(MOMENT, 'expected a date or date-time in ISO 8601 form').refine((s) => isCalendarDay(s, MOMENT), 'no such day in the calendar');

/**
 * Text the book prints or a store shows (a title, a publisher): a value of
 * only spaces (or of invisible characters, a zero-width space) would pass
 * as present and then print nothing, or make an EPUB whose dc:title is
 * empty, which epubcheck refuses.
 */
export const shownText = z.string().regex(/[^\s\p{Cf}\p{Z}]/u, 'expected some text, not only spaces');
