import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Diagnostics } from "../../src/diagnostics.js";
import { parseBook } from "../../src/parse/parse-book.js";
import { XhtmlWriter } from "../../src/render/markup/xhtml.js";
import { punctuationTransform } from "../../src/transforms/punctuation.js";
import { runTransform } from "../../src/transforms/transform.js";
/**
 * Golden files in markdown-it's fixture style: `@@ title`, the input, a line
 * holding only `.`, then the expected output, up to the next `@@ ` (a line no Markdown construct starts with).
 */
export function readGolden(path) {
    const text = readFileSync(path, 'utf8');
    return text
        .split(/^@@ /mu)
        .slice(1)
        .map((chunk) => {
        const nl = chunk.indexOf('\n');
        const title = chunk.slice(0, nl).trim();
        const [input, expected] = chunk.slice(nl + 1).split(/^\.$/mu);
        if (expected === undefined)
            throw new Error(`golden case '${title}' in ${path} has no '.' separator`);
        return { title, input: input.replace(/^\n+|\n+$/gu, '') + '\n', expected: expected.replace(/^\n+|\n+$/gu, '') };
    });
}
/** Parses one chapter body (a heading is added) from a folder whose images the input may name. */
export function parseFragment(input, dir, transform = true) {
    const diagnostics = new Diagnostics();
    const config = { dir, book: {}, editions: ['zh-Hans'], formats: ['epub'], fonts: {} };
    const file = join(dir, '01-case.md');
    const book = parseBook([{ path: file, text: `# 第一章：测试\n\n${input}` }], config, diagnostics, new Date(0));
    if (transform)
        runTransform(punctuationTransform, book, { edition: 'zh-Hans', diagnostics });
    return { book, diagnostics };
}
export function fragmentXhtml(book) {
    const writer = new XhtmlWriter(book, { imageDir: 'images/' });
    return writer.chapterBody(book.chapters[0]);
}
