// What is stored: an RGB JPEG that needs no rotation keeps its bytes (from a file or a buffer); every
// other full image and every thumbnail is a baseline JPEG laid out as Pillow writes it (JFIF APP0,
// the source's comment when Pillow keeps it, quality 75, 4:2:0, no EXIF/ICC); thumbnails come in
// IMAGES_THUMBS order and are never upscaled.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { processImage, type ProcessImageOptions } from '../../../../companion/pipeline/image/process-image.js';
import { makeFlatJpeg, makePng, patternRgb, patternRgba } from './image-fixtures.js';

const options: ProcessImageOptions = { minWidth: 0, minHeight: 0, thumbs: {}, maxPixels: 1e8 };
const PILLOW_JFIF = Buffer.from('ffe000104a46494600010100000100010000', 'hex');

/** The marker segments before the scan: [marker, payload]. */
function segments(jpeg: Buffer): Array<[number, Buffer]> {
  assert.equal(jpeg.readUInt16BE(0), 0xffd8, 'no SOI');
  const out: Array<[number, Buffer]> = [];
  let offset = 2;
  while (offset + 4 <= jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1] as number;
    const length = jpeg.readUInt16BE(offset + 2);
    out.push([marker, jpeg.subarray(offset + 4, offset + 2 + length)]);
    if (marker === 0xda) break;
    offset += 2 + length;
  }
  return out;
}

function patternJpeg(width: number, height: number, progressive = false): Promise<Buffer> {
  return sharp(patternRgb(width, height), { raw: { width, height, channels: 3 } }).jpeg({ quality: 90, progressive }).toBuffer();
}

describe('pass-through', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gleaner-image-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores an RGB JPEG from a file byte for byte, with thumbnails made from it', async () => {
    const input = await patternJpeg(400, 300);
    const file = path.join(dir, 'photo.jpg');
    await writeFile(file, input);
    const result = await processImage({ file }, { ...options, thumbs: { small: [50, 50], big: [270, 270] } });
    assert.equal(result.full.passthrough, true);
    assert.ok(result.full.data.equals(input));
    assert.deepEqual([result.full.width, result.full.height], [400, 300]);
    assert.deepEqual(result.thumbs.map((t) => [t.name, t.width, t.height]), [['small', 50, 38], ['big', 270, 203]]);
  });

  it('stores a progressive RGB JPEG untouched too, and re-encodes a grey one', async () => {
    const progressive = await patternJpeg(64, 48, true);
    const kept = await processImage({ buffer: progressive }, options);
    assert.equal(kept.full.passthrough, true);
    assert.equal(kept.full.data, progressive);
    const grey = makeFlatJpeg({ width: 16, height: 16, components: 1, blocks: [[90]] });
    const converted = await processImage({ buffer: grey }, options);
    assert.equal(converted.full.passthrough, false);
    assert.equal((await sharp(converted.full.data).metadata()).channels, 3);
  });
});

describe('re-encoded JPEGs', () => {
  it('are laid out as Pillow writes them: JFIF, q75 tables, baseline 4:2:0, no metadata', async () => {
    const png = makePng({ width: 40, height: 30, colorType: 6, bitDepth: 8, samples: patternRgba(40, 30) });
    const { full } = await processImage({ buffer: png }, options);
    const segs = segments(full.data);
    assert.deepEqual(segs[0], [0xe0, PILLOW_JFIF.subarray(4)]);
    assert.ok(!segs.some(([m]) => (m >= 0xe1 && m <= 0xef) || m === 0xfe), 'unexpected APPn/COM segment');
    const tables = segs.filter(([m]) => m === 0xdb).map(([, p]) => p);
    // Annex K tables at quality 75 (scaled by 50%), in zigzag order: luminance 16, 11, 12 → 8, 6, 6;
    // chrominance 17, 18, 18 → 9, 9, 9.
    assert.deepEqual([...(tables[0] ?? Buffer.alloc(4)).subarray(1, 4)], [8, 6, 6]);
    assert.deepEqual([...(tables[1] ?? Buffer.alloc(4)).subarray(1, 4)], [9, 9, 9]);
    const sof = segs.find(([m]) => m === 0xc0)?.[1];
    assert.ok(sof, 'not a baseline JPEG');
    assert.deepEqual([sof[5], sof[7], sof[10], sof[13]], [3, 0x22, 0x11, 0x11]);
  });

  it("carry the source's comment where Pillow keeps it, thumbnails included", async () => {
    const grey = makeFlatJpeg({ width: 64, height: 32, components: 1, blocks: [[20], [200]], comment: 'kept by Pillow' });
    const result = await processImage({ buffer: grey }, { ...options, thumbs: { t: [16, 16] } });
    for (const out of [result.full, ...result.thumbs]) {
      const com = segments(out.data).find(([m]) => m === 0xfe);
      assert.equal(com?.[1].toString('latin1'), 'kept by Pillow');
    }
    const rgb = makeFlatJpeg({ width: 64, height: 32, components: 3, blocks: [[120, 100, 140]], comment: 'rgb note' });
    const kept = await processImage({ buffer: rgb }, { ...options, thumbs: { t: [16, 16] } });
    assert.equal(segments(kept.thumbs[0]?.data ?? Buffer.alloc(2)).find(([m]) => m === 0xfe)?.[1].toString(), 'rgb note');
  });

  it('carry the last COM segment when there are several, as Pillow does', async () => {
    const jpeg = makeFlatJpeg({ width: 16, height: 16, components: 1, blocks: [[90]], comment: 'first' });
    const second = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 8]), Buffer.from('second')]);
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    const input = Buffer.concat([jpeg.subarray(0, sof), second, jpeg.subarray(sof)]);
    const { full } = await processImage({ buffer: input }, options);
    assert.deepEqual(segments(full.data).filter(([m]) => m === 0xfe).map(([, p]) => p.toString()), ['second']);
  });

  it('drop the comment when compositing makes a new image', async () => {
    const palette = makePng({
      width: 2, height: 1, colorType: 3, bitDepth: 8, samples: [0, 1], palette: [255, 0, 0, 0, 0, 255], trns: Uint8Array.from([0]),
    });
    const { full } = await processImage({ buffer: palette }, options);
    assert.ok(!segments(full.data).some(([m]) => m === 0xfe));
  });
});

describe('thumbnails', () => {
  it('follow IMAGES_THUMBS order and never upscale', async () => {
    const png = makePng({ width: 120, height: 300, colorType: 2, bitDepth: 8, samples: patternRgb(120, 300) });
    const thumbs = { zeta: [50, 50], alpha: [1000, 1000], mid: [100, 30] } as const;
    const result = await processImage({ buffer: png }, { ...options, thumbs });
    assert.deepEqual(result.thumbs.map((t) => [t.name, t.width, t.height]), [['zeta', 20, 50], ['alpha', 120, 300], ['mid', 12, 30]]);
    for (const thumb of result.thumbs) {
      const meta = await sharp(thumb.data).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', thumb.width, thumb.height]);
    }
    // The one that fits is re-encoded from the converted image, identical to the full JPEG.
    assert.ok(result.thumbs[1]?.data.equals(result.full.data));
  });
});
