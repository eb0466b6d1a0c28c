import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeflateCache, writeZip } from "../src/output/zip.js";
import { zipEntryTimes, zipProblems } from "./helpers/outputs.js";
import { tempDir } from "./helpers/paths.js";
const DATE = new Date(Date.UTC(2026, 0, 2, 3, 4, 6));
function entries(chapterText) {
    return [
        { name: 'mimetype', data: Buffer.from('application/epub+zip'), store: true },
        { name: 'META-INF/container.xml', data: Buffer.from('<container/>'.repeat(20)) },
        { name: 'OEBPS/c001.xhtml', data: Buffer.from(chapterText.repeat(200)) },
        { name: 'OEBPS/c002.xhtml', data: Buffer.from('<p>第二章。</p>'.repeat(300)) },
        // Random bytes do not deflate: kept stored rather than made larger.
        { name: 'OEBPS/images/noise.png', data: randomBytes(4096) },
        { name: 'OEBPS/目录.txt', data: Buffer.from('名字不是 ASCII。'.repeat(20)) },
    ];
}
function save(bytes) {
    const path = join(tempDir('zip-'), 'book.epub');
    writeFileSync(path, bytes);
    return path;
}
/** Each entry's compression method, in archive order, as `zipinfo -v` (an independent reader) reports it. */
function methods(path) {
    const r = spawnSync('zipinfo', ['-v', path], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return [...r.stdout.matchAll(/compression method:\s+(.*)/gu)].map((m) => m[1].trim());
}
describe('zip writer', () => {
    it('writes an archive unzip and JSZip read back, with every CRC right', async () => {
        const path = save(await writeZip(entries('<p>第一章的正文。</p>'), { date: DATE, level: 1 }));
        expect(await zipProblems(path, { unzip: true })).toEqual([]);
        const r = spawnSync('unzip', ['-p', path, 'OEBPS/c002.xhtml'], { encoding: 'utf8' });
        expect(r.stdout).toBe('<p>第二章。</p>'.repeat(300));
        expect(spawnSync('unzip', ['-p', path, 'OEBPS/目录.txt'], { encoding: 'utf8' }).stdout).toBe('名字不是 ASCII。'.repeat(20));
    });
    it('puts mimetype first and stored, as OCF requires, and deflates text but not noise', async () => {
        const bytes = await writeZip(entries('<p>第一章。</p>'), { date: DATE, level: 1 });
        // OCF: the bytes "mimetype" at offset 30 and its content right after, uncompressed.
        expect(bytes.subarray(30, 58).toString('latin1')).toBe('mimetypeapplication/epub+zip');
        expect(methods(save(bytes))).toEqual(['none (stored)', 'deflated', 'deflated', 'deflated', 'none (stored)', 'deflated']);
    });
    it('dates every entry from the UTC fields', async () => {
        const bytes = await writeZip(entries('x'), { date: DATE, level: 1 });
        expect(new Set(zipEntryTimes(bytes))).toEqual(new Set(['2026-01-02 03:04:06']));
    });
    it('with a cache, deflates again only what changed, and writes the same bytes as without', async () => {
        const cache = new DeflateCache();
        const first = entries('<p>第一章。</p>');
        await writeZip(first, { date: DATE, level: 1, cache });
        expect(cache.misses).toBe(6);
        const edited = [...first];
        edited[1] = { ...edited[1], data: Buffer.from('<p>第一章，改过了。</p>'.repeat(200)) };
        const cached = await writeZip(edited, { date: DATE, level: 1, cache });
        expect(cache.misses).toBe(7);
        expect(cache.hits).toBe(5);
        expect(cached.equals(await writeZip(edited, { date: DATE, level: 1 }))).toBe(true);
    });
});
