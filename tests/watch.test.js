import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from "../src/build/build.js";
import { BuildCache } from "../src/build/cache.js";
import { BuildError } from "../src/diagnostics.js";
import { openEpub, visibleText } from "./helpers/epub.js";
import { ROOT, SAMPLE, tempDir, writeManuscript } from "./helpers/paths.js";
const META = '<!--\n元信息标注：\n- 时间：某年\n- 地点：某地\n- 主要人物：甲\n- 技术事件：某事\n-->\n';
/** Collects a child's stdout; `waitFor` resolves once it has said `text` `times` times in all. */
function collect(child) {
    let out = '';
    child.stdout.on('data', (d) => (out += d.toString()));
    child.stderr.on('data', (d) => (out += d.toString()));
    return {
        waitFor(text, times, timeoutMs = 60_000) {
            const started = Date.now();
            return new Promise((resolve, reject) => {
                const poll = () => {
                    if (out.split(text).length - 1 >= times)
                        resolve(out);
                    else if (Date.now() - started > timeoutMs)
                        reject(new Error(`timed out waiting for '${text}' ×${times}:\n${out}`));
                    else
                        setTimeout(poll, 50);
                };
                poll();
            });
        },
    };
}
describe('build --watch', () => {
    it('rebuilds the EPUB when a chapter changes, and survives a broken save', async () => {
        const dir = writeManuscript({
            '01.md': `# 第一章：开篇\n\n${META}\n第一回的正文。\n`,
            '02.md': `# 第二章：后来\n\n${META}\n第二回的正文。\n`,
        });
        const out = tempDir('watch-out-');
        const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'build', '--watch', '--format', 'epub', '--chapters', dir, '--out', out], {
            cwd: ROOT,
            env: { ...process.env, INIT_CWD: dir, CI: '1' },
        });
        const { waitFor } = collect(child);
        try {
            await waitFor('watching', 1);
            const epubPath = join(out, readdirSync(out).find((f) => f.endsWith('.zh-Hans.epub')));
            const text = async () => (await (await openEpub(epubPath)).spineDocuments()).map((d) => visibleText(d.xhtml)).join('');
            expect(await text()).toContain('第二回的正文');
            writeFileSync(join(dir, '02.md'), `# 第二章：后来\n\n${META}\n改过的第二回，多了新字：龘。\n`);
            await waitFor('watching', 2);
            expect(await text()).toContain('改过的第二回');
            // A save that breaks the manuscript is reported; the last good EPUB stays, and watching goes on.
            const good = readFileSync(epubPath);
            writeFileSync(join(dir, '02.md'), `# 第二章：后来\n\n<!-- 没关上\n`);
            const log = await waitFor('watching', 3);
            expect(log).toContain('build failed');
            expect(readFileSync(epubPath).equals(good)).toBe(true);
            writeFileSync(join(dir, '02.md'), `# 第二章：后来\n\n${META}\n又修好了。\n`);
            await waitFor('watching', 4);
            expect(await text()).toContain('又修好了');
            // Ctrl-C ends the session: the watcher is closed and the process exits 0.
            const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
            child.kill('SIGINT');
            expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000))])).toBe(0);
        }
        finally {
            if (child.exitCode === null && child.signalCode === null)
                child.kill('SIGKILL');
        }
    });
    it('after edits, writes through its caches the very bytes a fresh build writes, in every format', async () => {
        const dir = tempDir('watch-cache-');
        cpSync(SAMPLE, dir, { recursive: true });
        const cache = new BuildCache();
        const base = { chaptersDir: dir, outDir: tempDir('watch-cached-'), editions: ['zh-Hans', 'zh-Hant-TW'], formats: ['epub', 'pdf', 'print', 'html'], sourceDateEpoch: '1767225600' };
        await build({ ...base, cache });
        const epub = cache.deflateCacheFor('zh-Hans.epub');
        const firstMisses = epub.misses;
        // The cache the build used: every entry of the first EPUB was deflated into it.
        expect(firstMisses).toBeGreaterThan(12);
        // An edit to the story text, then one to a chapter's metadata (the appendices change with it).
        const chapters = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
        appendFileSync(join(dir, chapters[1]), '\n众人听罢，各自散去，只留下一盏孤灯。\n');
        await build({ ...base, cache });
        const third = join(dir, chapters[2]);
        writeFileSync(third, readFileSync(third, 'utf8').replace(/(- 时间：)[^\n]*/u, '$1某年某月某日'));
        const hitsBefore = cache.chapters.hits;
        await build({ ...base, cache });
        // The chapters not edited in the last step came from the cache; the two rebuilt EPUBs
        // deflated what the edits changed (a chapter, the appendix, the fonts), reused the rest.
        expect(cache.chapters.hits - hitsBefore).toBe(chapters.length - 1);
        expect(epub.misses - firstMisses).toBeLessThanOrEqual(12);
        expect(epub.hits).toBeGreaterThan(0);
        expect(epub.hits).toBeGreaterThanOrEqual(2 * (firstMisses - 6));
        const fresh = { ...base, outDir: tempDir('watch-fresh-') };
        await build(fresh);
        const files = (root) => readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name))).sort();
        expect(files(base.outDir)).toEqual(files(fresh.outDir));
        expect(files(fresh.outDir).length).toBeGreaterThan(8);
        for (const f of files(fresh.outDir))
            expect(readFileSync(join(base.outDir, f)).equals(readFileSync(join(fresh.outDir, f))), f).toBe(true);
    });
    it('keeps reporting a missing image through its caches, and sets the image once it is there', async () => {
        const dir = writeManuscript({
            '01.md': `# 第一章：图\n\n${META}\n正文。\n\n![图](pic.png)\n`,
            '02.md': `# 第二章：后来\n\n${META}\n第二回。\n`,
        });
        const cache = new BuildCache();
        const options = { chaptersDir: dir, outDir: tempDir('watch-img-'), editions: ['zh-Hans'], formats: ['epub'], sourceDateEpoch: '0', cache };
        const rules = async () => {
            try {
                await build(options);
                return [];
            }
            catch (e) {
                if (!(e instanceof BuildError))
                    throw e;
                return e.diagnostics.filter((d) => d.severity === 'error').map((d) => d.rule);
            }
        };
        expect(await rules()).toEqual(['asset:missing-image']);
        // Another chapter edited, the image still missing: still an error, not a chapter quietly without its figure.
        appendFileSync(join(dir, '02.md'), '\n又一段。\n');
        expect(await rules()).toEqual(['asset:missing-image']);
        copyFileSync(join(ROOT, 'tests/fixtures/golden/images/dot.png'), join(dir, 'pic.png'));
        expect(await rules()).toEqual([]);
        const epub = await openEpub(join(options.outDir, readdirSync(options.outDir).find((f) => f.endsWith('.epub'))));
        expect(epub.names.filter((n) => /images\/img-[0-9a-f]+\.png$/u.test(n))).toHaveLength(1);
    });
});
