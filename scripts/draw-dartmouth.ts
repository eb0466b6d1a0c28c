/**
 * Draws chapters/images/dartmouth.png, the sample book's one picture: an
 * ink-wash landscape of our own making (no third-party artwork), large
 * enough to print at 300 ppi across the sample's measure. Deterministic: a
 * seeded value noise, so rerunning it gives the same bytes.
 *
 *   npx tsx scripts/draw-dartmouth.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const W = 1500;
const H = 1000;

/** A small seeded generator (mulberry32): the same hills every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One-dimensional value noise in octaves: a ridge line. */
function ridge(seed: number, octaves: number): (x: number) => number {
  const rnd = random(seed);
  const tables = Array.from({ length: octaves }, () => Array.from({ length: 64 }, rnd));
  return (x) => {
    let v = 0;
    let amp = 1;
    let norm = 0;
    for (let o = 0; o < octaves; o++) {
      const f = x * 2 ** o * 4;
      const i = Math.floor(f);
      const t = f - i;
      const s = t * t * (3 - 2 * t);
      const tab = tables[o];
      v += amp * (tab[i % 64] * (1 - s) + tab[(i + 1) % 64] * s);
      norm += amp;
      amp *= 0.5;
    }
    return v / norm;
  };
}

// Ink density 0 (paper) … 1 (black), painted back to front.
const ink = new Float32Array(W * H);
const paint = (x: number, y: number, d: number) => {
  if (x < 0 || y < 0 || x >= W || y >= H) return;
  const i = y * W + x;
  ink[i] = ink[i] + d * (1 - ink[i]);
};

// Sky: a faint wash darkening upward, and a full moon left clear.
const moon = { x: 1160, y: 190, r: 70 };
for (let y = 0; y < H; y++) {
  for (let x = 0; x < W; x++) {
    const d = Math.hypot(x - moon.x, y - moon.y);
    const halo = d < moon.r ? 0 : 0.06 * (1 - y / H) * Math.min(1, (d - moon.r) / 120);
    paint(x, y, halo);
  }
}

// Mountain ranges: far pale, near dark, each a wash that fades downward into mist.
const ranges = [
  { seed: 11, base: 0.42, height: 0.3, tone: 0.22, fade: 260 },
  { seed: 23, base: 0.55, height: 0.25, tone: 0.38, fade: 220 },
  { seed: 37, base: 0.7, height: 0.22, tone: 0.58, fade: 180 },
];
for (const r of ranges) {
  const line = ridge(r.seed, 5);
  for (let x = 0; x < W; x++) {
    const top = H * (r.base - r.height * line(x / W));
    for (let y = Math.max(0, Math.floor(top)); y < H; y++) {
      const depth = (y - top) / r.fade;
      // Darkest along the ridge, as a brush stroke loads the edge.
      const edge = Math.exp(-(y - top) / 6) * 0.35;
      paint(x, y, Math.min(1, r.tone * Math.max(0, 1 - depth) + edge * r.tone));
    }
  }
}

// The hall on a terrace: a hipped roof with upturned eaves, pillars, and steps down to the yard.
const hall = { cx: 750, eave: 640, width: 360 };
const fill = (x0: number, y0: number, x1: number, y1: number, d: number) => {
  const [xa, xb] = x0 < x1 ? [x0, x1] : [x1, x0];
  for (let y = Math.round(y0); y < Math.round(y1); y++) for (let x = Math.round(xa); x < Math.round(xb); x++) paint(x, y, d);
};
for (let y = 560; y < hall.eave + 14; y++) {
  // The roof widens from the ridge to the eaves, the corners lifting.
  const t = (y - 560) / (hall.eave + 14 - 560);
  const half = 70 + (hall.width / 2 + 40 - 70) * Math.pow(t, 0.7);
  const lift = t > 0.85 ? (t - 0.85) * 200 : 0;
  fill(hall.cx - half - lift, y, hall.cx + half + lift, y + 1, 0.85);
}
fill(hall.cx - hall.width / 2 + 10, hall.eave + 14, hall.cx + hall.width / 2 - 10, hall.eave + 18, 0.6);
for (let i = 0; i < 6; i++) {
  const x = hall.cx - hall.width / 2 + 30 + i * ((hall.width - 60) / 5);
  fill(x - 5, hall.eave + 18, x + 5, 760, 0.75);
}
fill(hall.cx - hall.width / 2, 760, hall.cx + hall.width / 2, 772, 0.7);
for (let s = 0; s < 6; s++) fill(hall.cx - 90 - s * 12, 772 + s * 12, hall.cx + 90 + s * 12, 772 + s * 12 + 4, 0.5);

// Two swordsmen face each other across the foot of the steps, each with a sword held out.
const figure = (x: number, facing: 1 | -1) => {
  const feet = 900;
  for (let y = feet - 70; y < feet; y++) {
    const half = 6 + ((y - (feet - 70)) / 70) * 12; // the robe flares to the hem
    fill(x - half, y, x + half, y + 1, 0.9);
  }
  for (let y = feet - 92; y < feet - 70; y++) {
    const dy = y - (feet - 81);
    const half = Math.sqrt(Math.max(0, 121 - dy * dy));
    fill(x - half, y, x + half, y + 1, 0.9);
  }
  // The sword: a thin line from the hand, rising toward the other man.
  for (let k = 0; k < 70; k++) fill(x + facing * (12 + k), feet - 48 - k * 0.35, x + facing * (13 + k), feet - 46 - k * 0.35, 0.95);
};
figure(610, 1);
figure(890, -1);

// Ground mist line and a wash for the yard.
for (let y = 880; y < H; y++) for (let x = 0; x < W; x++) paint(x, y, 0.12 * ((y - 880) / (H - 880)));

const png = new PNG({ width: W, height: H, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
const data = Buffer.alloc(W * H);
// Quantised to 128 levels: a wash needs no more, and the file stays small.
for (let i = 0; i < W * H; i++) data[i] = Math.min(255, Math.round((255 * (1 - Math.min(1, ink[i]))) / 2) * 2);
png.data = data;
const out = join(import.meta.dirname, '..', 'chapters', 'images', 'dartmouth.png');
writeFileSync(out, PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, deflateLevel: 9, filterType: 4 }));
console.log(`wrote ${out}`);
