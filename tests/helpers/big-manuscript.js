var __rewriteRelativeImportExtension = (this && this.__rewriteRelativeImportExtension) || function (path, preserveJsx) {
    if (typeof path === "string" && /^\.\.?\//.test(path)) {
        return path.replace(/\.(tsx)$|((?:\.d)?)((?:\.[^./]+?)?)\.([cm]?)ts$/i, function (m, tsx, d, ext, cm) {
            return tsx ? preserveJsx ? ".jsx" : ".js" : d && (!ext || !cm) ? m : (d + ext + "." + cm.toLowerCase() + "js");
        });
    }
    return path;
};
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, tempDir } from "./paths.js";
const GENERATOR = join(ROOT, 'bench/generate.ts');
/**
 * A manuscript big enough that a build takes some seconds: the benchmark's
 * generator (bench/generate.ts, owned by the benchmark) when it is there, else
 * plain chapters made here. Its book.yaml names the outputs `<slug>.*`.
 */
export async function bigManuscript(chars, slug) {
    const dir = tempDir('big-');
    if (existsSync(GENERATOR)) {
        // Imported by path so that the tests still typecheck without bench/.
        const generator = (await import(__rewriteRelativeImportExtension(pathToFileURL(GENERATOR).href)));
        for (const f of generator.generateManuscript({ chars, seed: 11 })) {
            writeFileSync(join(dir, f.name), f.name === 'book.yaml' ? f.text.replace(/^slug: .*$/mu, `slug: ${slug}`) : f.text);
        }
        return dir;
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'book.yaml'), `title: 长书\nauthor: 某人\nslug: ${slug}\n`);
    const han = '天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈剑号巨阙珠称夜光';
    const chapters = Math.max(1, Math.round(chars / 5000));
    for (let c = 1; c <= chapters; c++) {
        const paragraphs = [];
        for (let n = 0; n < chars / chapters; n += 120) {
            let p = '';
            for (let i = 0; i < 120; i++)
                p += han[(c * 7919 + n * 31 + i * 17) % han.length] + (i % 12 === 11 ? '，' : '');
            paragraphs.push(`${p}。`);
        }
        const label = '一二三四五六七八九十'[(c - 1) % 10];
        writeFileSync(join(dir, `${String(c).padStart(3, '0')}.md`), `# 第${label}章：长夜\n\n${paragraphs.join('\n\n')}\n`);
    }
    return dir;
}
