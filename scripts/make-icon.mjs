#!/usr/bin/env node
// Draws images/icon.png (128×128): three ports joined by arrows — node → Service → Pod — on
// Kubernetes blue. Kept as code so the icon can be regenerated without an image editor.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const S = 128;
const px = new Float32Array(S * S * 4);
const blend = (x, y, r, g, b, a) => {
  if (x < 0 || y < 0 || x >= S || y >= S || a <= 0) return;
  const i = (y * S + x) * 4;
  const k = px[i + 3] + a * (1 - px[i + 3]);
  if (k === 0) return;
  for (const [j, c] of [[0, r], [1, g], [2, b]]) px[i + j] = (c * a + px[i + j] * px[i + 3] * (1 - a)) / k;
  px[i + 3] = k;
};
// Anti-aliased shapes by 4×4 supersampling of a coverage function.
const shape = (inside, color, box = [0, 0, S, S]) => {
  for (let y = box[1]; y < box[3]; y++)
    for (let x = box[0]; x < box[2]; x++) {
      let n = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inside(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) n++;
      if (n) blend(x, y, ...color, n / 16);
    }
};
const roundedSquare = (x, y) => {
  const r = 24, m = 4;
  const cx = Math.min(Math.max(x, m + r), S - m - r), cy = Math.min(Math.max(y, m + r), S - m - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= m && y >= m && x <= S - m && y <= S - m;
};
const blue = [50, 108, 229], white = [255, 255, 255], teal = [102, 230, 196];
shape(roundedSquare, blue);
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, w) => (x, y) => { const d = Math.hypot(x - cx, y - cy); return d <= r && d >= r - w; };
const segment = (x1, y1, x2, y2, w) => (x, y) => {
  const dx = x2 - x1, dy = y2 - y1, t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= w / 2;
};
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px1, py1, px2, py2) => (x - px2) * (py1 - py2) - (px1 - px2) * (y - py2);
  const d1 = s(ax, ay, bx, by), d2 = s(bx, by, cx, cy), d3 = s(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const nodes = [[30, 40], [64, 88], [98, 40]];
shape(segment(40, 48, 55, 76, 6), white);
shape(triangle(50, 80, 60, 70, 58, 84), white);
shape(segment(73, 76, 88, 48, 6), white);
shape(triangle(84, 44, 96, 42, 90, 56), white);
shape(ring(...nodes[0], 15, 6), white);
shape(circle(...nodes[1], 15), teal);
shape(ring(...nodes[1], 15, 6), white);
shape(ring(...nodes[2], 15, 6), white);
shape(circle(...nodes[2], 5), white);

const raw = Buffer.alloc(S * (S * 4 + 1));
for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) for (let j = 0; j < 4; j++) {
  const v = px[(y * S + x) * 4 + j];
  raw[y * (S * 4 + 1) + 1 + x * 4 + j] = Math.round(j === 3 ? v * 255 : v);
}
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(S, 0); ihdr.writeUInt32BE(S, 4); ihdr[8] = 8; ihdr[9] = 6;
writeFileSync('images/icon.png', Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
console.log('images/icon.png written');
