// Task R with WebP as well, for the side-by-side with seopipe's default
// formats [jpeg, webp]: node resize-sharp-webp.cjs IN_DIR OUT_DIR [CONCURRENCY=2]
// Per image: 480/960/1440 px wide and a 1200x630 centre crop, each as JPEG q80
// and WebP q80 (8 files). Like ../../shared/peers/node/resize-sharp.cjs, one
// sharp pipeline per output, CONCURRENCY images at once; sharp comes from
// $NODE_DIR (install-peers.sh).
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const req = createRequire(path.join(process.env.NODE_DIR || '/tmp/peers/node', 'package.json'));
const sharp = req('sharp');

const [inDir, outDir, conc = '2'] = process.argv.slice(2);
if (!inDir || !outDir) { console.error('usage: resize-sharp-webp.cjs IN_DIR OUT_DIR [CONCURRENCY]'); process.exit(2); }
const files = fs.readdirSync(inDir).filter((f) => /\.jpe?g$/i.test(f)).sort();
fs.mkdirSync(outDir, { recursive: true });

let next = 0;
async function worker() {
  while (next < files.length) {
    const f = files[next++];
    const input = path.join(inDir, f);
    const base = path.join(outDir, path.parse(f).name);
    for (const w of [480, 960, 1440]) {
      await sharp(input).resize({ width: w }).jpeg({ quality: 80 }).toFile(`${base}_${w}.jpg`);
      await sharp(input).resize({ width: w }).webp({ quality: 80 }).toFile(`${base}_${w}.webp`);
    }
    const crop = { width: 1200, height: 630, fit: 'cover', position: 'centre' };
    await sharp(input).resize(crop).jpeg({ quality: 80 }).toFile(`${base}_og.jpg`);
    await sharp(input).resize(crop).webp({ quality: 80 }).toFile(`${base}_og.webp`);
  }
}
Promise.all(Array.from({ length: Number(conc) }, worker)).catch((e) => { console.error(e); process.exit(1); });
