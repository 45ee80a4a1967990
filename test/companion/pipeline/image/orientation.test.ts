// EXIF orientation (exif_transpose, rule 20/22): orientations 2–8 are applied — 5–8 swap the
// dimensions — and the JPEG is re-encoded (byte-identical to Pillow's); 1 and unknown values leave the
// file untouched (pass-through). The size filter uses the rotated size.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { GleanerError } from '../../../../shared/errors.js';
import { processImage } from '../../../../companion/pipeline/image/process-image.js';
import { makeFlatJpeg, withExifOrientation } from './image-fixtures.js';

// A 64x48 JPEG with four flat quadrants (YCbCr samples for red, green, blue, light grey).
function quadrantJpeg(): Buffer {
  const quadrants = [[76, 85, 255], [150, 44, 21], [29, 255, 107], [235, 128, 128]];
  const blocks: number[][] = [];
  for (let by = 0; by < 6; by++) {
    for (let bx = 0; bx < 8; bx++) blocks.push(quadrants[(by >= 3 ? 2 : 0) + (bx >= 4 ? 1 : 0)] as number[]);
  }
  return makeFlatJpeg({ width: 64, height: 48, components: 3, blocks });
}

// [orientation, size, MD5 of Pillow's stored bytes, colours at the centres of the four quadrants]
const PILLOW: ReadonlyArray<readonly [number, string, string, number[][]]> = [
  [1, '64x48', '9af7f5ecba71b44ab0440ad278fbd8d9', [[254, 0, 0], [0, 255, 1], [0, 0, 254], [235, 235, 235]]],
  [2, '64x48', '1d2e2117549f7d618842e3a60c6f293d', [[0, 255, 1], [254, 0, 0], [235, 235, 235], [0, 0, 254]]],
  [3, '64x48', '4be4b975d38f5fe67c01cd290a3011c4', [[235, 235, 235], [0, 0, 254], [0, 255, 1], [254, 0, 0]]],
  [4, '64x48', '29f2acfaf28cfb6fc562003b5a1f0cb4', [[0, 0, 254], [235, 235, 235], [254, 0, 0], [0, 255, 1]]],
  [5, '48x64', '1d7c9307c800635b74ef8dcdfedd2639', [[254, 0, 0], [0, 0, 254], [0, 255, 1], [235, 235, 235]]],
  [6, '48x64', '7767b90ab6086cec506dd7a64d831a2e', [[0, 0, 254], [254, 0, 0], [235, 235, 235], [0, 255, 1]]],
  [7, '48x64', 'd6945d6f63df043a4afdcac8fb69d28b', [[235, 235, 235], [0, 255, 1], [0, 0, 254], [254, 0, 0]]],
  [8, '48x64', '6677f741b28cfb33a6daee28ffd6d591', [[0, 255, 1], [235, 235, 235], [254, 0, 0], [0, 0, 254]]],
  [9, '64x48', '09a2d1ae4e8b96c25be0dadb5afe63a9', [[254, 0, 0], [0, 255, 1], [0, 0, 254], [235, 235, 235]]],
];

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const options = { minWidth: 0, minHeight: 0, thumbs: {}, maxPixels: 1e7 };

async function quadrants(jpeg: Buffer): Promise<number[][]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  return [[w >> 2, h >> 2], [(3 * w) >> 2, h >> 2], [w >> 2, (3 * h) >> 2], [(3 * w) >> 2, (3 * h) >> 2]].map(([x, y]) => {
    const o = ((y as number) * w + (x as number)) * 3;
    return [data[o] as number, data[o + 1] as number, data[o + 2] as number];
  });
}

describe('EXIF orientation', () => {
  for (const [orientation, size, digest, colours] of PILLOW) {
    const transposes = orientation >= 2 && orientation <= 8;
    it(`orientation ${orientation}: ${transposes ? 're-encoded, ' + size : 'stored untouched'}`, async () => {
      const input = withExifOrientation(quadrantJpeg(), orientation);
      const { full } = await processImage({ buffer: input }, options);
      assert.equal(`${full.width}x${full.height}`, size);
      assert.equal(full.passthrough, !transposes);
      if (transposes) assert.ok(!full.data.equals(input));
      else assert.ok(full.data.equals(input), 'pass-through must keep the original bytes');
      assert.equal(md5(full.data), digest);
      const got = await quadrants(full.data);
      colours.forEach((expected, i) => {
        const off = Math.max(...expected.map((v, c) => Math.abs(v - ((got[i] as number[])[c] as number))));
        assert.ok(off <= 3, `quadrant ${i}: expected ${expected.join(',')} got ${(got[i] as number[]).join(',')}`);
      });
    });
  }

  it('applies the size filter to the rotated size', async () => {
    const upright = withExifOrientation(quadrantJpeg(), 1);
    const turned = withExifOrientation(quadrantJpeg(), 6);
    const strict = { ...options, minWidth: 50 };
    assert.equal((await processImage({ buffer: upright }, strict)).full.width, 64);
    await assert.rejects(processImage({ buffer: turned }, strict), (error: unknown) => {
      assert.ok(error instanceof GleanerError);
      assert.equal(error.code, 'ERR_PROCESS_IMAGE_TOO_SMALL');
      assert.equal(error.message, 'Image too small (48x64 < 50x0)');
      return true;
    });
  });

  it('makes thumbnails from the rotated image', async () => {
    const turned = withExifOrientation(quadrantJpeg(), 8);
    const { thumbs } = await processImage({ buffer: turned }, { ...options, thumbs: { t: [32, 32] } });
    assert.deepEqual(thumbs.map((t) => [t.name, t.width, t.height]), [['t', 24, 32]]);
    const meta = await sharp(thumbs[0]?.data).metadata();
    assert.deepEqual([meta.width, meta.height, meta.orientation], [24, 32, undefined]);
  });
});

describe('finding EXIF in a JPEG header', () => {
  const segment = (marker: number, payload: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([head, payload]);
  };
  /** `jpeg` with `segments` inserted right after SOI. */
  const withSegments = (jpeg: Buffer, ...segments: Buffer[]) => Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);

  it('finds EXIF behind other segments, and takes an APP1 that is not EXIF for no orientation', async () => {
    const turned = withExifOrientation(quadrantJpeg(), 6);
    const behind = withSegments(turned, segment(0xfe, Buffer.from('a comment first')), segment(0xe2, Buffer.alloc(300, 7)));
    const { full } = await processImage({ buffer: behind }, options);
    assert.deepEqual([full.width, full.height, full.passthrough], [48, 64, false]);
    const xmp = withSegments(quadrantJpeg(), segment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta tiff:Orientation="6"/>')));
    const kept = await processImage({ buffer: xmp }, options);
    assert.deepEqual([kept.full.width, kept.full.height, kept.full.passthrough], [64, 48, true]);
  });

  it('still lets libvips refuse a bad header before the pixel limit', async () => {
    const huge = Buffer.from(quadrantJpeg());
    const sof = huge.indexOf(Buffer.from([0xff, 0xc0]));
    huge.writeUInt16BE(30000, sof + 5);
    huge.writeUInt16BE(30000, sof + 7);
    const code = (error: unknown) => (error instanceof GleanerError ? error.code : String(error));
    await assert.rejects(processImage({ buffer: huge }, options), (e: unknown) => code(e) === 'ERR_PROCESS_IMAGE_TOO_LARGE');
    // The same header with a Huffman table libjpeg refuses (counts adding up past 256).
    const broken = Buffer.from(huge);
    const dht = broken.indexOf(Buffer.from([0xff, 0xc4]));
    broken.fill(0xff, dht + 5, dht + 21);
    await assert.rejects(processImage({ buffer: broken }, options), (e: unknown) => code(e) === 'ERR_PROCESS_IMAGE_DECODE');
  });
});
