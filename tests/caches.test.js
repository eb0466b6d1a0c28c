// What a long --watch session keeps stays bounded: each cache holds what the current builds use.
import { cpSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BoundedCache } from "../src/bounded-cache.js";
import { build } from "../src/build/build.js";
import { BuildCache } from "../src/build/cache.js";
import { SAMPLE, tempDir } from "./helpers/paths.js";
describe('BoundedCache', () => {
    it('keeps the most recently used entries up to its limit', () => {
        const cache = new BoundedCache(3);
        for (const [k, v] of [['a', 1], ['b', 2], ['c', 3]])
            cache.set(k, v);
        // Reading a makes b the least recently used.
        expect(cache.get('a')).toBe(1);
        cache.set('d', 4);
        expect([cache.has('a'), cache.has('b'), cache.has('c'), cache.has('d')]).toEqual([true, false, true, true]);
        expect(cache.size).toBe(3);
        // Setting a key again does not grow it.
        cache.set('c', 30);
        expect(cache.size).toBe(3);
        expect(cache.get('c')).toBe(30);
    });
    it('refuses a limit that could keep nothing', () => {
        expect(() => new BoundedCache(0)).toThrow();
    });
});
describe('a watch session', () => {
    it('forgets the deflated entries of an edition it no longer builds', async () => {
        const dir = tempDir('caches-');
        cpSync(SAMPLE, dir, { recursive: true });
        const cache = new BuildCache();
        const options = { chaptersDir: dir, outDir: tempDir('caches-out-'), formats: ['epub'], sourceDateEpoch: '1767225600', cache };
        await build({ ...options, editions: ['zh-Hans', 'zh-Hant-TW'] });
        expect(cache.deflateCacheFor('zh-Hant-TW.epub').misses).toBeGreaterThan(0);
        await build({ ...options, editions: ['zh-Hans'] });
        // Pruned: asking again gives a fresh, empty cache, while the edition still built kept its entries.
        expect(cache.deflateCacheFor('zh-Hant-TW.epub').misses).toBe(0);
        expect(cache.deflateCacheFor('zh-Hans.epub').hits).toBeGreaterThan(0);
    });
});
