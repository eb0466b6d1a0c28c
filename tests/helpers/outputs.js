import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import * as mupdf from 'mupdf';
/**
 * Problems with an EPUB as a zip: Info-ZIP's own test (CRC of every entry)
 * and JSZip reading every entry. Empty when the file is a complete archive.
 */
export async function zipProblems(path, { unzip = true } = {}) {
    const problems = [];
    if (unzip) {
        const r = spawnSync('unzip', ['-tq', path], { encoding: 'utf8' });
        if (r.status !== 0)
            problems.push(`unzip -tq: exit ${r.status}: ${(r.stdout + r.stderr).trim().split('\n').slice(0, 3).join(' | ')}`);
    }
    try {
        const zip = await JSZip.loadAsync(readFileSync(path), { checkCRC32: true });
        for (const entry of Object.values(zip.files))
            if (!entry.dir)
                await entry.async('uint8array');
        if (!zip.file('mimetype') || !zip.file('META-INF/container.xml'))
            problems.push('not an EPUB: no mimetype or container.xml');
    }
    catch (e) {
        problems.push(`jszip: ${e.message}`);
    }
    return problems;
}
/**
 * Problems with a PDF as a file: it must end with %%EOF (a writer that stops
 * early leaves no trailer) and MuPDF must open it and lay out every page.
 */
export function pdfProblems(path) {
    const bytes = readFileSync(path);
    const problems = [];
    if (!/%%EOF\s*$/u.test(bytes.subarray(Math.max(0, bytes.length - 32)).toString('latin1')))
        problems.push('does not end with %%EOF');
    try {
        const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
        const pages = doc.countPages();
        if (pages < 1)
            problems.push('no pages');
        for (let i = 0; i < pages; i++)
            doc.loadPage(i).toStructuredText('preserve-whitespace').asText();
    }
    catch (e) {
        problems.push(`mupdf: ${e.message}`);
    }
    return problems;
}
/** The markup entries of an EPUB (XHTML, OPF, NCX, CSS, container), as text. */
export async function markupEntries(path) {
    const zip = await JSZip.loadAsync(readFileSync(path));
    const names = Object.keys(zip.files).filter((n) => /\.(x?html|opf|ncx|xml|css)$/u.test(n));
    return Promise.all(names.map(async (name) => ({ name, text: await zip.file(name).async('string') })));
}
/** Every link target in a PDF, as MuPDF reads them. */
export function pdfLinkTargets(path) {
    const doc = mupdf.Document.openDocument(readFileSync(path), 'application/pdf');
    const uris = [];
    for (let i = 0; i < doc.countPages(); i++)
        for (const link of doc.loadPage(i).getLinks())
            uris.push(link.getURI());
    return uris;
}
/**
 * The DOS date and time fields of every local header in a zip, as
 * `YYYY-MM-DD hh:mm:ss` (DOS time has 2-second steps and no time zone).
 */
export function zipEntryTimes(bytes) {
    const times = [];
    const pad = (n) => String(n).padStart(2, '0');
    for (let p = bytes.indexOf('PK\x03\x04', 0, 'latin1'); p !== -1;) {
        const time = bytes.readUInt16LE(p + 10);
        const date = bytes.readUInt16LE(p + 12);
        times.push(`${1980 + (date >> 9)}-${pad((date >> 5) & 15)}-${pad(date & 31)} ${pad(time >> 11)}:${pad((time >> 5) & 63)}:${pad((time & 31) * 2)}`);
        const compressed = bytes.readUInt32LE(p + 18);
        const next = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28) + compressed;
        p = bytes.indexOf('PK\x03\x04', next, 'latin1');
    }
    return times;
}
