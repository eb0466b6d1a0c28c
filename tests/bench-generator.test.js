// The benchmark's book generator (bench/generate.ts). No timings here: the
// benchmark is `npm run bench`; this only keeps its input honest.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { chineseNumeral, generateManuscript, writeManuscript } from "../bench/generate.js";
import { RANKED } from "../bench/charset.js";
import { build } from "../src/build/build.js";
import { openFace } from "../src/fonts/registry.js";
import { defaultFonts } from "../src/fonts/sources.js";
import { parseChapterHeading } from "../src/parse/chapter-label.js";
import { tempDir } from "./helpers/paths.js";
const require = createRequire(import.meta.url);
const SMALL = { chars: 20_000, seed: 7 };
const files = (opts) => [...generateManuscript(opts)].map((f) => `${f.name}\n${f.text}`).join('\0');
describe('bench generator', () => {
    it('gives the same bytes for the same seed, and other bytes for another', () => {
        expect(files(SMALL)).toBe(files(SMALL));
        expect(files({ ...SMALL, seed: 8 })).not.toBe(files(SMALL));
    });
    it('writes exactly the asked number of Han characters, in chapters of about 5,000', () => {
        const summary = writeManuscript(tempDir('bench-gen-'), SMALL);
        expect(summary).toMatchObject({ han: 20_000, chapters: 4 });
        expect(summary.distinct).toBeGreaterThan(2000);
    });
    it('numbers chapters the way the parser reads them', () => {
        for (let n = 1; n <= 1200; n++)
            expect(parseChapterHeading(`第${chineseNumeral(n)}章：题`).number).toBe(n);
    });
    it('draws only characters every zh-Hans face covers', () => {
        const expo = (pkg, file) => join(dirname(require.resolve(`@expo-google-fonts/${pkg}/package.json`)), file);
        const serif = fontkit.openSync(expo('noto-serif-sc', '400Regular/NotoSerifSC_400Regular.ttf'));
        const sans = fontkit.openSync(expo('noto-sans-sc', '700Bold/NotoSansSC_700Bold.ttf'));
        // LXGW WenKai ships as woff2 chunks; the registry's face answers from their unicode-ranges.
        const kai = openFace(defaultFonts('zh-Hans').poem[0]);
        const uncovered = RANKED.filter((ch) => {
            const cp = ch.codePointAt(0);
            return !serif.hasGlyphForCodePoint(cp) || !sans.hasGlyphForCodePoint(cp) || !kai.has(cp);
        });
        expect(RANKED.length).toBeGreaterThan(3700);
        expect(uncovered).toEqual([]);
    });
    it('builds as an EPUB through the library with no error or warning', async () => {
        const dir = tempDir('bench-gen-');
        writeManuscript(dir, SMALL);
        const result = await build({ chaptersDir: dir, outDir: tempDir('bench-out-'), editions: ['zh-Hans'], formats: ['epub'], sourceDateEpoch: '1767225600' });
        expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
        expect(result.outputs.map((o) => o.format)).toEqual(['epub']);
    });
});
