import type { EditionTag } from './editions.ts';

/** Words the pipeline itself puts into a book, per edition. */
export interface UiStrings {
  contents: string;
  partBreak: string;
  /** Read aloud for the part break by assistive technology (its aria-label). */
  partBreakLabel: string;
  titlePage: string;
  /** The copyright page's name, for assistive technology (its aria-label). */
  copyrightPage: string;
  /** Heading of the back-matter page that names the embedded fonts and their licences. */
  fontNotice: string;
  /** Its lead sentence. */
  fontNoticeLead: string;
  /** A footnote's link back to its call, for assistive technology (its aria-label): a bare number says nothing. */
  backToText: string;
  /** Names the nth call of a note cited more than once, in its backlink and its aria-label: 第2处. */
  nthCall: (n: number) => string;
  /** The edition line at the foot of a drawn cover, in the edition's own script (臺, as the Taiwan text writes it). */
  coverEdition: string;
  /** The HTML preview's prev / contents / next bars, for assistive technology (aria-labels, never drawn): the bar at a page's head, the one at its foot, and the two links. */
  pagerHead: string;
  pagerFoot: string;
  previousChapter: string;
  nextChapter: string;
}

const SIMPLIFIED: UiStrings = { contents: '目录', partBreak: '＊　＊　＊', partBreakLabel: '分节', titlePage: '书名页', copyrightPage: '版权页', fontNotice: '字体说明', fontNoticeLead: '本书嵌入了以下字体的子集：', backToText: '返回正文', nthCall: (n) => `第${n}处`, coverEdition: '简体中文版', pagerHead: '章节导航', pagerFoot: '章节导航（页末）', previousChapter: '上一章', nextChapter: '下一章' };
const TRADITIONAL: UiStrings = { contents: '目錄', partBreak: '＊　＊　＊', partBreakLabel: '分節', titlePage: '書名頁', copyrightPage: '版權頁', fontNotice: '字型說明', fontNoticeLead: '本書嵌入了以下字型的子集：', backToText: '返回正文', nthCall: (n) => `第${n}處`, coverEdition: '繁體中文　臺灣版', pagerHead: '章節導覽', pagerFoot: '章節導覽（頁末）', previousChapter: '上一章', nextChapter: '下一章' };

/** Hong Kong's standard forms differ in places (説 for 說). */
const HONG_KONG: UiStrings = { ...TRADITIONAL, fontNotice: '字型説明', coverEdition: '繁體中文　香港版' };

/** Marks a note's backlink to its second, third … call (↑第2处): the label itself links to the first. */
export const BACKLINK_ARROW = '↑';

/** The licence paragraph of the font notice, in English in every edition (the licence itself is English). */
export const FONT_LICENSE_NOTE =
  'The fonts are embedded as subsets under their licences. Faces under the SIL Open Font License, Version 1.1, may be used, ' +
  'studied, modified and redistributed freely, but not sold by themselves; the full licence is at openfontlicense.org.';

/** The characters of a backlink to a later call in any edition, but its digits (the book's own): ↑第处處. */
export const BACKLINK_MARKS = BACKLINK_ARROW + [...new Set([SIMPLIFIED, TRADITIONAL, HONG_KONG].flatMap((u) => [...u.nthCall(0).replace(/\d/gu, '')]))].join('');

export function uiStrings(edition: EditionTag): UiStrings {
  return edition === 'zh-Hans' ? SIMPLIFIED : edition === 'zh-Hant-HK' ? HONG_KONG : TRADITIONAL;
}
