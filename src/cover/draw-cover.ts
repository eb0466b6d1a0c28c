import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoundedCache } from '../bounded-cache.ts';
import { templatePath } from '../paths.ts';
import { renderAsync } from '@resvg/resvg-js';
import type { FontPlan } from '../fonts/font-plan.ts';
import type { Asset, Book } from '../model/book.ts';
import { escapeXml } from '../text/escape-xml.ts';
import { opaquePng } from './opaque-png.ts';
import { fillTemplate } from '../text/fill-template.ts';
import { uiStrings } from '../config/ui-strings.ts';
import { coverFonts, type CoverFont } from './cover-fonts.ts';
import { coverText } from './cover-title.ts';

const TEMPLATE = templatePath('cover.svg');


/**
 * The edition's cover as a PNG: templates/cover.svg filled with its title,
 * subtitle, author and edition, drawn by resvg with subsets of the edition's
 * heading and body faces and no system font at all, so the same book gives
 * the same bytes on every machine.
 */
export async function drawCover(book: Book, plan: FontPlan): Promise<Asset> {
  const { title, subtitle = '', author } = book.meta;
  // 臺, as the Taiwan text writes it (OpenCC's Taiwan phrases, the Ministry of Education's standard form).
  const edition = uiStrings(book.edition).coverEdition;
  const fonts = await coverFonts(plan, { heading: title, body: `${subtitle}${author}${edition}` });
  const family = (role: string) => fonts.find((f) => f.role === role && f.stackIndex === 0)?.family;
  const bodyFont = family('body') ?? '';
  const place = coverText(title, subtitle, author);
  const svg = fillTemplate(
    readFileSync(TEMPLATE, 'utf8'),
    {
      title1: place.titleLines[0],
      title2: place.titleLines[1] ?? '',
      subtitle,
      author,
      edition,
      titleSize: String(place.titleSize),
      titleBaseline1: String(place.titleBaselines[0]),
      titleBaseline2: String(place.titleBaselines[1] ?? place.titleBaselines[0]),
      subtitleSize: String(place.subtitleSize),
      authorSize: String(place.authorSize),
      headingFont: family('heading') ?? bodyFont,
      bodyFont,
    },
    escapeXml,
  );
  // A watch session redraws only when the cover's text or fonts changed.
  const key = createHash('sha1').update(svg).update(fonts.map((f) => createHash('sha1').update(f.data).digest('hex')).join()).digest('hex');
  const known = drawn.get(key);
  if (known) return known;
  // A reader who cannot see the cover hears what it says, not the title alone.
  const asset = { ...(await render(svg, fonts, bodyFont)), alt: [title, subtitle, author, edition.replace('\u3000', ' ')].filter(Boolean).join('，') };
  drawn.set(key, asset);
  return asset;
}

/** Covers drawn in this process, by SVG and font bytes: one per edition, and a few an edit replaced. */
const drawn = new BoundedCache<string, Asset>(6);

/** On the thread pool: the build subsets the book's fonts meanwhile. */
async function render(svg: string, fonts: CoverFont[], defaultFamily: string): Promise<Asset> {
  // resvg-js 2.6 loads fonts only from files: the subsets live in a private folder for the one call.
  const dir = mkdtempSync(join(tmpdir(), 'cover-fonts-'));
  try {
    const fontFiles = fonts.map((f, i) => {
      const path = join(dir, `${i}-${f.filename}`);
      writeFileSync(path, f.data);
      return path;
    });
    const image = await renderAsync(svg, {
      font: { fontFiles, loadSystemFonts: false, defaultFontFamily: defaultFamily },
      fitTo: { mode: 'original' },
      logLevel: 'off',
    });
    const data = await opaquePng(image.pixels, image.width, image.height);
    return { name: 'cover.png', mediaType: 'image/png', data, source: TEMPLATE, width: image.width, height: image.height };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
