// Files up to READ_WHOLE_MAX are read once into memory; larger ones are read in place (a 64 KiB
// prefix for the header, the decoder reading the file). Both must give the same results: a JPEG padded
// past the limit with APP15 segments (so its frame header also lies beyond the prefix) is kept byte
// for byte, thumbnailed, rotated and refused exactly as the same bytes from a buffer.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { GleanerError } from '../../../../shared/errors.js';
import { READ_WHOLE_MAX } from '../../../../companion/pipeline/image/byte-source.js';
import { processImage, type ProcessImageOptions } from '../../../../companion/pipeline/image/process-image.js';
import { patternRgb, withExifOrientation } from './image-fixtures.js';

const options: ProcessImageOptions = { minWidth: 0, minHeight: 0, thumbs: { small: [50, 50], big: [270, 270] }, maxPixels: 1e8 };

/** The JPEG with enough full-size APP15 segments right after SOI to pass READ_WHOLE_MAX. */
function padded(jpeg: Buffer): Buffer {
  const payload = 65533;
  const segment = Buffer.alloc(payload + 4, 0x5a);
  segment.writeUInt16BE(0xffef, 0);
  segment.writeUInt16BE(payload + 2, 2);
  const count = Math.ceil(READ_WHOLE_MAX / segment.length) + 1;
  return Buffer.concat([jpeg.subarray(0, 2), ...Array.from({ length: count }, () => segment), jpeg.subarray(2)]);
}

describe('images larger than READ_WHOLE_MAX', () => {
  let dir: string;
  let jpeg: Buffer;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gleaner-large-'));
    jpeg = await sharp(patternRgb(600, 400), { raw: { width: 600, height: 400, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const fromFile = async (name: string, bytes: Buffer, opts = options) => {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    return processImage({ file }, opts);
  };

  it('are kept, thumbnailed and rotated as the same bytes from a buffer', async () => {
    for (const [name, input] of [['kept.jpg', padded(jpeg)], ['rotated.jpg', withExifOrientation(padded(jpeg), 6)]] as const) {
      assert.ok(input.length > READ_WHOLE_MAX);
      const [onDisk, inMemory] = [await fromFile(name, input), await processImage({ buffer: input }, options)];
      assert.equal(onDisk.full.passthrough, name === 'kept.jpg');
      if (onDisk.full.passthrough) assert.ok(onDisk.full.data.equals(input), 'kept bytes differ');
      assert.ok(onDisk.full.data.equals(inMemory.full.data), `${name}: full image differs`);
      assert.deepEqual(onDisk.thumbs.map((t) => [t.name, t.width, t.height]), inMemory.thumbs.map((t) => [t.name, t.width, t.height]));
      onDisk.thumbs.forEach((t, i) => assert.ok(t.data.equals(inMemory.thumbs[i]?.data ?? Buffer.alloc(0)), `${name}: ${t.name} differs`));
    }
  });

  it('are refused when truncated', async () => {
    const input = padded(jpeg);
    await assert.rejects(fromFile('cut.jpg', input.subarray(0, input.length - 500)), (error: unknown) => {
      assert.ok(error instanceof GleanerError);
      assert.equal(error.code, 'ERR_PROCESS_IMAGE_DECODE');
      return true;
    });
  });
});
