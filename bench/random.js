/**
 * Seeded randomness for the benchmark generator. Math.random is never used:
 * the same seed must give the same manuscript on every machine, so that
 * figures from different runs and different people describe the same book.
 */
/** mulberry32: tiny, fast, and good enough for picking characters. */
export function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
/** One independent stream per (seed, index), so chapter i never depends on chapters before it. */
export function stream(seed, index) {
    // splitmix32-style mixing keeps nearby (seed, index) pairs from giving correlated streams.
    let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
    return new Rng(mulberry32(h ^ (h >>> 16)));
}
export class Rng {
    next;
    constructor(next) {
        this.next = next;
    }
    /** Integer in [lo, hi], both inclusive. */
    int(lo, hi) {
        return lo + Math.floor(this.next() * (hi - lo + 1));
    }
    pick(items) {
        return items[Math.floor(this.next() * items.length)];
    }
    chance(p) {
        return this.next() < p;
    }
    shuffle(items) {
        for (let i = items.length - 1; i > 0; i--) {
            const j = Math.floor(this.next() * (i + 1));
            [items[i], items[j]] = [items[j], items[i]];
        }
        return items;
    }
}
/**
 * Draws ranks 0..n-1 with Zipf–Mandelbrot weights 1/(k+q)^s: the shape of
 * character frequencies in running Chinese text (a steep head, a long tail).
 */
export class Zipf {
    cumulative;
    constructor(n, s = 1, q = 2.7) {
        this.cumulative = new Float64Array(n);
        let sum = 0;
        for (let k = 0; k < n; k++)
            this.cumulative[k] = sum += 1 / Math.pow(k + 1 + q, s);
    }
    draw(rng) {
        const target = rng.next() * this.cumulative[this.cumulative.length - 1];
        let lo = 0;
        let hi = this.cumulative.length - 1;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.cumulative[mid] <= target)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
