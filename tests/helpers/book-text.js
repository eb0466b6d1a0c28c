/** What a reader sees of inline content, footnote marks included. */
export function shownText(inlines) {
    let s = '';
    for (const n of inlines) {
        if (n.kind === 'text' || n.kind === 'code')
            s += n.text;
        else if (n.kind === 'footnoteRef')
            s += n.label;
        else if (n.kind === 'emphasis' || n.kind === 'strong' || n.kind === 'link')
            s += shownText(n.children);
    }
    return s;
}
/** The justified prose paragraphs of a book, in reading order. */
export function proseParagraphs(book) {
    const out = [];
    const visit = (blocks, context) => {
        for (const b of blocks) {
            if (b.kind === 'paragraph')
                out.push({ text: shownText(b.content), context });
            else if (b.kind === 'recap' || b.kind === 'quote' || b.kind === 'note')
                visit(b.blocks, 'inset');
        }
    };
    for (const ch of book.chapters)
        visit(ch.blocks, 'body');
    return out;
}
export function headingTexts(book) {
    const out = [];
    const visit = (blocks) => {
        for (const b of blocks) {
            if (b.kind === 'heading')
                out.push(shownText(b.content));
            else if (b.kind === 'recap' || b.kind === 'quote' || b.kind === 'note')
                visit(b.blocks);
        }
    };
    for (const ch of book.chapters) {
        if (ch.label)
            out.push(ch.label);
        if (ch.title)
            out.push(ch.title);
        visit(ch.blocks);
    }
    return out;
}
