// Compares two JPEGs' pixels: the default (libvips) thumbnails are not Pillow's bytes, only close.
import assert from 'node:assert/strict';
import sharp from 'sharp';

/** Mean absolute difference per 8-bit sample of two same-sized JPEGs, after decoding both. */
export async function meanAbsoluteDifference(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((jpeg) => sharp(jpeg).raw().toBuffer({ resolveWithObject: true })));
  assert.ok(x && y);
  assert.deepEqual([x.info.width, x.info.height, x.info.channels], [y.info.width, y.info.height, y.info.channels], 'different sizes');
  let sum = 0;
  for (let i = 0; i < x.data.length; i++) sum += Math.abs((x.data[i] as number) - (y.data[i] as number));
  return sum / x.data.length;
}
