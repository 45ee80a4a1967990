// The JavaScript port of Pillow's thumbnail resampling (reduce by the reducing gap, then Lanczos in
// 22-bit fixed point) must give Pillow's exact pixels: each row is the MD5 of Pillow 9.4's
// Image.frombytes(pattern).thumbnail(box, LANCZOS).tobytes(). sharp's lanczos3 would be off by up
// to ~12 levels. Also: it stays responsive (yields to the event loop) and honours the abort signal.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { GleanerError } from '../../../../shared/errors.js';
import { makeThumbnail, resizeLikePillow } from '../../../../companion/pipeline/image/make-thumbnail.js';
import { patternRgb } from './image-fixtures.js';

// [width, height, boxW, boxH, thumbnail size, MD5 of Pillow's RGB bytes]
const PILLOW: ReadonlyArray<readonly [number, number, number, number, string, string]> = [
  [400, 300, 50, 50, '50x38', 'ae3370a9bb6f8cb80ddb203a74ef3afe'],
  [400, 300, 270, 270, '270x203', 'b3af9c06b0868d2e87138bd1ecba56ed'],
  [400, 300, 399, 299, '399x299', '65398b2f6a98177fcecce3a9f2eb618d'],
  [400, 300, 1, 1, '1x1', '2764609b80bebdc2349e1bb7cc282ca5'],
  [333, 221, 100, 100, '100x66', '53a0e21e62bf7eab2dcfceb148c401c5'],
  [333, 221, 17, 200, '17x11', 'b287ba876be61f75aa5c7fdd961da795'],
  [97, 1203, 50, 50, '4x50', '37a0ba8ac8f32205ba43d812326399e5'],
  [97, 1203, 96, 1000, '81x1000', 'b4c16c004f25ca25b0f2eeae79f72892'],
  // After the reduce the box edges (664/6, 752/7 …) are passed to C as floats; in doubles these differ.
  [664, 476, 53, 53, '53x38', '14c2afd258607ce508d62bdd085aabb9'],
  [752, 220, 53, 21, '53x16', '9b983577a162300f58c70f3f0137088f'],
  [3000, 2000, 1000, 1000, '1000x667', '2cc799db00b6add85a0297ec562241df'],
  [3000, 2000, 270, 270, '270x180', 'a303e93018ea30b1eda3a55ecbeda0bd'],
  [3000, 2000, 50, 50, '50x33', '811409b33a8435dd776628dae87b37a9'],
];

const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');

describe('Pillow-exact thumbnail resampling', () => {
  for (const [width, height, boxW, boxH, size, digest] of PILLOW) {
    it(`${width}x${height} in ${boxW}x${boxH} → ${size}`, async () => {
      const image = { data: patternRgb(width, height), width, height };
      const thumb = await makeThumbnail(image, boxW, boxH);
      assert.equal(`${thumb.width}x${thumb.height}`, size);
      assert.equal(md5(thumb.data), digest);
    });
  }

  it('keeps an image that fits the box as it is', async () => {
    const image = { data: patternRgb(40, 30), width: 40, height: 30 };
    assert.equal(await makeThumbnail(image, 50, 50), image);
  });

  it('yields to the event loop while resampling a large image', async () => {
    const image = { data: patternRgb(3000, 2000), width: 3000, height: 2000 };
    let timerRuns = 0;
    const timer = setInterval(() => timerRuns++, 1);
    try {
      await resizeLikePillow(image, 1000, 667);
    } finally {
      clearInterval(timer);
    }
    assert.ok(timerRuns > 0, 'a 1 ms timer never ran during the resize');
  });

  it('stops when the signal is aborted', async () => {
    const image = { data: patternRgb(600, 400), width: 600, height: 400 };
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(resizeLikePillow(image, 300, 200, controller.signal), (error: unknown) => {
      assert.ok(error instanceof GleanerError);
      assert.equal(error.code, 'ERR_JOB_CANCELLED');
      return true;
    });
    const reduce = new AbortController();
    reduce.abort(new GleanerError('ERR_JOB_CANCELLED', 'stopped by the user'));
    await assert.rejects(resizeLikePillow(image, 50, 33, reduce.signal), /stopped by the user/);
  });
});
