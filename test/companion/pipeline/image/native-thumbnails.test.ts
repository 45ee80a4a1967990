// The default path (libvips thumbnails): Pillow's thumbnail sizes and order, pixels close to Pillow's,
// EXIF orientation applied as for the full image, JPEG shrink-on-load for rotated JPEGs while the full
// image stays Pillow's bytes, and the same decode errors as the full decode for JPEGs stored untouched.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { GleanerError } from '../../../../shared/errors.js';
import { saveLikePillow } from '../../../../companion/pipeline/image/encode-jpeg.js';
import { processImage, type ProcessImageOptions } from '../../../../companion/pipeline/image/process-image.js';
import { thumbnailSize } from '../../../../companion/pipeline/image/thumbnail-size.js';
import { CONFORMANCE_INPUTS, patternJpeg } from './conformance-inputs.js';
import { makePng, withExifOrientation } from './image-fixtures.js';
import { meanAbsoluteDifference } from './thumb-compare.js';

const THUMBS = { small: [50, 50], big: [270, 270] } as const;
const options: ProcessImageOptions = { minWidth: 0, minHeight: 0, thumbs: THUMBS, maxPixels: 1e8 };
const exact: ProcessImageOptions = { ...options, exactThumbnails: true };

/** Smooth, photo-like RGB: gradients, soft texture and a little grain (what thumbnails are made of). */
function photoRgb(width: number, height: number): Buffer {
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 3) {
      const shade = 30 * Math.sin(x / 23) * Math.cos(y / 31);
      const grain = ((x * 7919 + y * 104729) % 17) - 8;
      out[o] = 60 + (150 * x) / width + shade + grain;
      out[o + 1] = 50 + (160 * y) / height - shade;
      out[o + 2] = 128 + 80 * Math.sin((x + y) / 97) + grain;
    }
  }
  return out;
}

const photoJpeg = (width: number, height: number): Promise<Buffer> =>
  sharp(photoRgb(width, height), { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof GleanerError && error.code === code);
}

describe('default thumbnails', () => {
  it("have Pillow's sizes in IMAGES_THUMBS order, never upscaled, for every kind of source", async () => {
    const thumbs = { zeta: [50, 50], alpha: [1000, 1000], mid: [100, 30], again: [50, 50] } as const;
    const sources: Array<[string, Buffer]> = [
      ['pass-through JPEG', await photoJpeg(400, 300)],
      ['rotated JPEG', withExifOrientation(await photoJpeg(333, 221), 6)],
      ['RGBA PNG', await (CONFORMANCE_INPUTS['rgba-301x203.png'] as () => Promise<Buffer>)()],
      ['palette GIF', await (CONFORMANCE_INPUTS['transparent-64x32.gif'] as () => Promise<Buffer>)()],
      ['CMYK JPEG', await (CONFORMANCE_INPUTS['cmyk-adobe-64x32.jpg'] as () => Promise<Buffer>)()],
    ];
    for (const [name, input] of sources) {
      const { full, thumbs: made } = await processImage({ buffer: input }, { ...options, thumbs });
      const expected = Object.entries(thumbs).map(([n, [w, h]]) => ({ n, ...thumbnailSize(full.width, full.height, w, h) }));
      assert.deepEqual(made.map((t) => [t.name, t.width, t.height]), expected.map((e) => [e.n, e.width, e.height]), name);
      for (const thumb of made) {
        const meta = await sharp(thumb.data).metadata();
        assert.deepEqual([meta.format, meta.width, meta.height, meta.orientation], ['jpeg', thumb.width, thumb.height, undefined], name);
      }
      assert.ok(made[3]?.data.equals(made[0]?.data ?? Buffer.alloc(0)), `${name}: equal sizes, equal bytes`);
      // A thumbnail of the full size is the full image saved by Pillow: the same bytes when re-encoded.
      if (!full.passthrough) assert.ok(made[1]?.data.equals(full.data), `${name}: the fitting thumbnail is the full JPEG`);
    }
  });

  it("stay close to Pillow's pixels", async () => {
    const sources: Array<[string, Buffer]> = [
      ['pass-through 1200x800 JPEG', await photoJpeg(1200, 800)],
      ['rotated 1200x800 JPEG', withExifOrientation(await photoJpeg(1200, 800), 8)],
      ['751x500 PNG', makePng({ width: 751, height: 500, colorType: 2, bitDepth: 8, samples: photoRgb(751, 500) })],
      ['3000x2000 JPEG', await photoJpeg(3000, 2000)],
    ];
    for (const [name, input] of sources) {
      const [mine, pillow] = await Promise.all([processImage({ buffer: input }, options), processImage({ buffer: input }, exact)]);
      assert.ok(mine.full.data.equals(pillow.full.data), `${name}: the full image is the same on both paths`);
      for (const [i, thumb] of mine.thumbs.entries()) {
        const difference = await meanAbsoluteDifference(thumb.data, pillow.thumbs[i]?.data ?? Buffer.alloc(0));
        assert.ok(difference < 2, `${name} ${thumb.name}: mean difference ${difference.toFixed(2)}`);
      }
    }
  });

  it('respect EXIF orientation as the full image does', async () => {
    // Four flat quadrants (red, green, blue, grey): every orientation puts them somewhere else.
    const quadrants = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 230, g: 230, b: 230 } } })
      .composite([
        { input: { create: { width: 320, height: 240, channels: 3, background: { r: 255, g: 0, b: 0 } } }, left: 0, top: 0 },
        { input: { create: { width: 320, height: 240, channels: 3, background: { r: 0, g: 255, b: 0 } } }, left: 320, top: 0 },
        { input: { create: { width: 320, height: 240, channels: 3, background: { r: 0, g: 0, b: 255 } } }, left: 0, top: 240 },
      ])
      .jpeg({ quality: 90 })
      .toBuffer();
    for (let orientation = 1; orientation <= 9; orientation++) {
      const input = withExifOrientation(quadrants, orientation);
      const [mine, pillow] = await Promise.all([processImage({ buffer: input }, options), processImage({ buffer: input }, exact)]);
      const turned = orientation >= 5 && orientation <= 8;
      const [w, h] = turned ? [480, 640] : [640, 480];
      assert.deepEqual([mine.full.width, mine.full.height], [w, h]);
      assert.deepEqual(mine.thumbs.map((t) => [t.width, t.height]), [[50, 50], [270, 270]].map(([bw, bh]) => {
        const size = thumbnailSize(w, h, bw as number, bh as number);
        return [size.width, size.height];
      }));
      for (const [i, thumb] of mine.thumbs.entries()) {
        const difference = await meanAbsoluteDifference(thumb.data, pillow.thumbs[i]?.data ?? Buffer.alloc(0));
        assert.ok(difference < 3, `orientation ${orientation} ${thumb.name}: mean difference ${difference.toFixed(2)}`);
      }
    }
  });

  it('come from JPEG shrink-on-load for a rotated JPEG, whose full image stays Pillow\'s bytes', async () => {
    const input = withExifOrientation(await photoJpeg(2400, 1600), 6);
    const [mine, pillow] = await Promise.all([processImage({ buffer: input }, options), processImage({ buffer: input }, exact)]);
    assert.equal(mine.full.passthrough, false);
    assert.ok(mine.full.data.equals(pillow.full.data), 'the re-encoded full image is identical to the exact path (Pillow\'s)');
    const big = mine.thumbs[1];
    assert.deepEqual([big?.width, big?.height], [180, 270]);
    const decoder = { autoOrient: true, ignoreIcc: true, failOn: 'warning' } as const;
    const resize = { fit: 'fill', kernel: 'lanczos3' } as const;
    const shrunkOnLoad = await saveLikePillow(sharp(input, decoder).resize(180, 270, resize));
    const fullScale = await saveLikePillow(sharp(input, decoder).pipelineColourspace('srgb').resize(180, 270, resize));
    assert.ok(!shrunkOnLoad.equals(fullScale), 'the two decodes should give different pixels');
    assert.ok(big?.data.equals(shrunkOnLoad), 'the big thumbnail is not the shrink-on-load one');
  });

  it('leave the bytes of a JPEG stored untouched as they are', async () => {
    const input = await photoJpeg(2400, 1600);
    const { full, thumbs } = await processImage({ buffer: input }, options);
    assert.ok(full.passthrough && full.data.equals(input));
    assert.deepEqual([full.width, full.height], [2400, 1600]);
    assert.deepEqual(thumbs.map((t) => [t.width, t.height]), [[50, 33], [270, 180]]);
  });
});

describe('JPEGs stored untouched are still checked in full', () => {
  it('refuses a truncated one with ERR_PROCESS_IMAGE_DECODE, with or without thumbnails, before the size filter', async () => {
    const jpeg = await photoJpeg(800, 600);
    for (const cut of [jpeg.length >> 1, jpeg.length - 200, jpeg.length - 3]) {
      const truncated = jpeg.subarray(0, cut);
      await rejectsWithCode(processImage({ buffer: truncated }, options), 'ERR_PROCESS_IMAGE_DECODE');
      await rejectsWithCode(processImage({ buffer: truncated }, { ...options, thumbs: {} }), 'ERR_PROCESS_IMAGE_DECODE');
      // The full decode came before the size filter, so a damaged image that is also too small is a decode error.
      await rejectsWithCode(processImage({ buffer: truncated }, { ...options, minWidth: 1000 }), 'ERR_PROCESS_IMAGE_DECODE');
      await rejectsWithCode(processImage({ buffer: withExifOrientation(truncated, 6) }, options), 'ERR_PROCESS_IMAGE_DECODE');
    }
    await rejectsWithCode(processImage({ buffer: jpeg }, { ...options, minWidth: 1000 }), 'ERR_PROCESS_IMAGE_TOO_SMALL');
  });

  it('accepts and refuses exactly the damaged JPEGs the full decode does (shrink-on-load would not)', async () => {
    const outcome = (promise: Promise<unknown>) => promise.then(() => 'stored', (error: unknown) => (error instanceof GleanerError ? error.code : 'uncoded'));
    let lenientOnLoad = 0;
    let refused = 0;
    for (const progressive of [false, true]) {
      const jpeg = await sharp(await patternJpeg(333, 221)).jpeg({ quality: 90, progressive }).toBuffer();
      const variants: Buffer[] = [];
      for (let step = 11; step < 6000; step = Math.ceil(step * 1.3)) {
        const damaged = Buffer.from(jpeg);
        for (let i = 1000; i < damaged.length - 100; i += step) if (damaged[i] !== 0xff) damaged[i] = (i * 31) & 0x7f;
        variants.push(damaged);
      }
      for (const cut of [1, 2, 5, 20, 100, 1000, 5000]) variants.push(jpeg.subarray(0, jpeg.length - cut));
      for (const input of variants) {
        const reference = await outcome(processImage({ buffer: input }, exact));
        if (reference !== 'stored') refused++;
        assert.equal(await outcome(processImage({ buffer: input }, options)), reference, 'with thumbnails');
        assert.equal(await outcome(processImage({ buffer: input }, { ...options, thumbs: {} })), reference, 'without thumbnails');
        const onLoad = await outcome(sharp(input, { failOn: progressive ? 'truncated' : 'warning' }).resize(50, 50, { fit: 'inside' }).toBuffer());
        if (reference !== 'stored' && onLoad === 'stored') lenientOnLoad++;
      }
    }
    assert.ok(refused > 10, `only ${refused} variants were refused`);
    assert.ok(lenientOnLoad > 0, 'no variant shows the shrink-on-load decode letting damage through');
  });
});
