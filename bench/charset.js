import { stream } from "./random.js";
/**
 * The characters the generator writes: GB2312 level 1, the 3,755 common
 * Simplified hanzi. Every face the zh-Hans edition uses (Noto Serif SC,
 * Noto Sans SC Bold, LXGW WenKai) covers all of them, so a generated book never
 * stops on a missing glyph — tests/bench-generator.test.ts checks that.
 * Decoded from the code table rather than pasted, so the list cannot drift.
 */
export const GB2312_LEVEL1 = (() => {
    const decoder = new TextDecoder('gb18030');
    const chars = [];
    for (let row = 0xb0; row <= 0xd7; row++) {
        // Row 0xD7 ends at 0xF9: D7FA–D7FE are unassigned.
        for (let col = 0xa1; col <= (row === 0xd7 ? 0xf9 : 0xfe); col++)
            chars.push(decoder.decode(new Uint8Array([row, col])));
    }
    return chars;
})();
const LEVEL1 = new Set(GB2312_LEVEL1);
/**
 * Left out of the generated text although level 1 has them: OpenCC keeps 硷
 * as it is and turns 叁 into 叄 for Taiwan, and Noto Serif TC/HK has neither,
 * so the Traditional editions (the "full build" of issue 9) would stop on a
 * missing glyph. That is a gap in the Traditional font chains, reported
 * separately; the benchmark measures speed and must be able to build.
 */
const EXCLUDED = new Set(['硷', '叁']);
/**
 * The head of the frequency ranking: very common characters of modern prose,
 * roughly in order. GB2312 itself is ordered by pinyin, which would make 啊
 * the commonest character; this list puts 的, 一, 是 first. Hand-typed and
 * approximate: only the shape of the distribution matters to the benchmark.
 */
const COMMON = '的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知头长力门实问理因老两点外物使全机信身样现但很正想开意本部'
    + '已把等被气高情明最女手间回向战入象走重相真由话美几声结第通爷感四接位此活听五光王望山见海书何处路白先水难名问少眼教别石死兵马江湖剑刀侠掌门派宗师弟兄武功林侠客英雄'
    + '风云花月夜雨雪城楼东西南北春秋千万百变化神仙魔鬼道德仁义礼智信忠孝勇敢笑哭怒喜悲欢离合生老病死'
    + '算法模型数据学习训练网络参数智能机器计算开源闭源语言图像视觉规模能力突破论文团队研究实验';
/**
 * GB2312 level 1 (less EXCLUDED) in frequency-rank order: COMMON first, then the rest
 * in a fixed shuffled order (not pinyin order, which would cluster sounds).
 */
export const RANKED = (() => {
    const head = [...new Set([...COMMON].filter((c) => LEVEL1.has(c) && !EXCLUDED.has(c)))];
    const inHead = new Set(head);
    const tail = stream(0x5eed, 0).shuffle(GB2312_LEVEL1.filter((c) => !inHead.has(c) && !EXCLUDED.has(c)));
    return [...head, ...tail];
})();
/** Throws when a literal the generator writes uses a character outside level 1: a developer's slip. */
export function assertLevel1(...texts) {
    for (const text of texts) {
        for (const ch of text) {
            if (/\p{Script=Han}/u.test(ch) && (!LEVEL1.has(ch) || EXCLUDED.has(ch))) {
                throw new Error(`bench generator: '${ch}' (U+${ch.codePointAt(0).toString(16).toUpperCase()}) in '${text}' is not among the generator's characters (GB2312 level 1 less EXCLUDED)`);
            }
        }
    }
}
