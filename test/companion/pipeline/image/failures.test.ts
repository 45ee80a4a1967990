// Rejections: the size filter (exact Scrapy message, equal passes), bodies that are not decodable
// images (each of these is also refused by Pillow 9.4), decompression bombs refused from the header
// without allocating the pixels, and cancellation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { GleanerError, type ErrorCode } from '../../../../shared/errors.js';
import { processImage, type ProcessImageOptions } from '../../../../companion/pipeline/image/process-image.js';
import { makeGif, makeHugePngHeader, makePng, patternRgb } from './image-fixtures.js';

const options: ProcessImageOptions = { minWidth: 0, minHeight: 0, thumbs: {}, maxPixels: 178956970 };

function rgbPng(width: number, height: number): Buffer {
  return makePng({ width, height, colorType: 2, bitDepth: 8, samples: patternRgb(width, height) });
}

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof GleanerError, `not a GleanerError: ${String(error)}`);
    assert.equal(error.code, code);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    return true;
  });
}

describe('size filter', () => {
  it('rejects with the exact Scrapy message', async () => {
    await rejectsWith(
      processImage({ buffer: rgbPng(105, 200) }, { ...options, minWidth: 110, minHeight: 110 }),
      'ERR_PROCESS_IMAGE_TOO_SMALL',
      'Image too small (105x200 < 110x110)',
    );
    await rejectsWith(
      processImage({ buffer: rgbPng(200, 105) }, { ...options, minWidth: 110, minHeight: 110 }),
      'ERR_PROCESS_IMAGE_TOO_SMALL',
      'Image too small (200x105 < 110x110)',
    );
  });

  it('accepts an image exactly at the minimum', async () => {
    const result = await processImage({ buffer: rgbPng(110, 110) }, { ...options, minWidth: 110, minHeight: 110 });
    assert.deepEqual([result.full.width, result.full.height], [110, 110]);
  });
});

/** Overwrites every `step`-th byte of the entropy-coded data (markers left alone). */
function damage(jpeg: Buffer, step: number): Buffer {
  const data = Buffer.from(jpeg);
  for (let i = 1000; i < data.length - 100; i += step) if (data[i] !== 0xff) data[i] = (i * 31) & 0x7f;
  return data;
}

describe('undecodable bodies', () => {
  const jpeg = () => sharp(patternRgb(200, 150), { raw: { width: 200, height: 150, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  const cases: Array<[string, () => Promise<Buffer>, RegExp]> = [
    ['an HTML error page', async () => Buffer.from('<!DOCTYPE html>\n<html><body>404 Not Found</body></html>'), /HTML page/],
    ['an empty body', async () => Buffer.alloc(0), /empty/],
    ['an SVG image', async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), /SVG/],
    ['random bytes', async () => Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff)), /unknown/],
    ['a truncated JPEG', async () => (await jpeg()).subarray(0, 1500), /truncated or corrupt/],
    ['a JPEG cut inside its header', async () => (await jpeg()).subarray(0, 100), /Cannot decode image/],
    ['a truncated PNG', async () => rgbPng(200, 150).subarray(0, 2000), /truncated or corrupt/],
    ['a JPEG with corrupt entropy data', async () => damage(await jpeg(), 13), /Corrupt JPEG data/],
    ['a GIF without an image', async () => makeGif({ width: 4, height: 4, palette: [0, 0, 0, 255, 255, 255], indices: [] }).subarray(0, 19), /GIF/],
  ];
  for (const [name, make, message] of cases) {
    it(`refuses ${name}`, async () => {
      await rejectsWith(processImage({ buffer: await make() }, options), 'ERR_PROCESS_IMAGE_DECODE', message);
    });
  }

  it('keeps a damaged JPEG that Pillow still decodes', async () => {
    // Lighter damage of the same kind: Pillow 9.4 opens and loads it, so Scrapy stores it.
    const input = damage(await jpeg(), 97);
    const result = await processImage({ buffer: input }, { ...options, thumbs: { small: [50, 50] } });
    assert.ok(result.full.passthrough && result.full.data.equals(input));
    assert.deepEqual(result.thumbs.map((t) => [t.width, t.height]), [[50, 38]]);
  });
});

describe('decompression bombs', () => {
  function bombGif(): Buffer {
    // A valid GIF whose screen is 30000x30000 with a single 2x2 frame: decoding it would need 3.6 GB.
    const gif = makeGif({ width: 2, height: 2, palette: [0, 0, 0, 255, 255, 255], indices: [0, 1, 1, 0] });
    gif.writeUInt16LE(30000, 6);
    gif.writeUInt16LE(30000, 8);
    return gif;
  }

  for (const [name, make] of [['PNG', () => makeHugePngHeader(30000, 30000)], ['GIF', bombGif]] as const) {
    it(`refuses a ${name} declaring 30000x30000 from its header`, async () => {
      const before = process.memoryUsage().rss;
      const started = performance.now();
      await rejectsWith(
        processImage({ buffer: make() }, options),
        'ERR_PROCESS_IMAGE_TOO_LARGE',
        'Image too large (30000x30000 = 900000000 pixels > 178956970), could be a decompression bomb',
      );
      assert.ok(performance.now() - started < 2000, 'took too long: pixels were decoded');
      assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024, 'memory grew: pixels were allocated');
    });
  }

  it('allows exactly maxPixels', async () => {
    const png = rgbPng(64, 32);
    assert.equal((await processImage({ buffer: png }, { ...options, maxPixels: 2048 })).full.width, 64);
    await rejectsWith(processImage({ buffer: png }, { ...options, maxPixels: 2047 }), 'ERR_PROCESS_IMAGE_TOO_LARGE', /64x32 = 2048 pixels > 2047/);
  });
});

describe('cancellation', () => {
  it('does nothing once the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await rejectsWith(processImage({ buffer: rgbPng(64, 32) }, { ...options, signal: controller.signal }), 'ERR_JOB_CANCELLED');
  });

  it('stops between steps when aborted while running', async () => {
    const controller = new AbortController();
    const running = processImage(
      { buffer: rgbPng(1200, 800) },
      { ...options, thumbs: { a: [600, 600], b: [300, 300] }, signal: controller.signal },
    );
    setImmediate(() => controller.abort(new GleanerError('ERR_JOB_CANCELLED', 'The job was cancelled')));
    await rejectsWith(running, 'ERR_JOB_CANCELLED', 'The job was cancelled');
  });
});
