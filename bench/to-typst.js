/**
 * The generated manuscript as a plain Typst document, so Typst typesets the
 * same text we do: headings, justified paragraphs with a 2 em indent, the poem
 * centred, lists, on A5 in Noto Serif SC. It reads only the subset of Markdown
 * bench/generate.ts writes; it is not a general converter.
 */
/** Symbols Typst markup gives a meaning (markup, shorthands, comments); quotes stay, for smart quotes. */
const SPECIAL = /[\\#*_`$@<>[\]~/=+\-]/gu;
const esc = (s) => s.replace(SPECIAL, (c) => `\\${c}`);
const PREAMBLE = `#set document(title: "基准测试之书")
#set page(paper: "a5", margin: (x: 18mm, y: 20mm), numbering: "1")
#set text(font: "Noto Serif SC", lang: "zh", region: "cn", size: 10.5pt)
// all: true indents every paragraph, as the EPUB and our PDF do (Typst's default skips the first after a heading).
#set par(justify: true, leading: 0.9em, first-line-indent: (amount: 2em, all: true))
#show heading: set text(font: "Noto Sans SC", weight: "bold")
#show heading.where(level: 1): it => { pagebreak(weak: true); align(center, it) }
#show heading.where(level: 2): it => align(center, it)
`;
export function chapterToTypst(markdown) {
    const out = [];
    const blocks = markdown.replace(/<!--[\s\S]*?-->/gu, '').split(/\n{2,}/u);
    for (const raw of blocks) {
        const block = raw.trim();
        if (block === '')
            continue;
        let m;
        if ((m = /^# (.+)$/u.exec(block)))
            out.push(`= ${esc(m[1].replace('：', '\u3000'))}`);
        else if ((m = /^\*\*【(.+)】\*\*$/u.exec(block)))
            out.push(`== ${esc(m[1])}`);
        else if (block === '---')
            out.push('#v(1em)');
        else if (block.startsWith('> ')) {
            const lines = block.split('\n').map((l) => l.replace(/^> /u, ''));
            // A poem marks its verse breaks with two trailing spaces; a recap is one paragraph.
            if (lines.some((l) => l.endsWith('  '))) {
                out.push(`#align(center, block[#set par(first-line-indent: 0em)\n${lines.map((l) => esc(l.trimEnd())).join(' \\\n')}])`);
            }
            else
                out.push(`#pad(x: 2em)[${esc(lines.join(''))}]`);
        }
        else if (block.startsWith('**')) {
            // A run-in heading `**第一层：…**` with its `- ` list right under it.
            const [heading, ...items] = block.split('\n');
            out.push(`#strong[${esc(heading.replace(/^\*\*|\*\*$/gu, ''))}]`);
            if (items.length)
                out.push(items.map((l) => `- ${esc(l.replace(/^- /u, ''))}`).join('\n'));
        }
        else
            out.push(esc(block.replace(/\n/gu, '')));
    }
    return out.join('\n\n');
}
export function bookToTypst(chapters) {
    const parts = [PREAMBLE];
    for (const ch of chapters)
        parts.push(chapterToTypst(ch));
    return `${parts.join('\n\n')}\n`;
}
