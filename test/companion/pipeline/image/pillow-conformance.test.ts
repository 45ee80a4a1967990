// Byte-for-byte conformance with Pillow: for each input, the full image and both thumbnails must have
// exactly the MD5 that Scrapy's get_images/convert_image (rules 20–22) produce with Pillow 9.4 on the
// same bytes — so the checksum Gleaner records for a re-encoded image equals Scrapy's. Any deviation
// in conversion, resampling, JPEG settings or header segments changes a digest. Thumbnails are
// Pillow's bytes with IMAGES_THUMBS_EXACT; by default (libvips resampling) only their sizes are, and
// their pixels must stay close to Pillow's, while the full image is identical either way.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { processImage } from '../../../../companion/pipeline/image/process-image.js';
import { CONFORMANCE_INPUTS } from './conformance-inputs.js';
import { meanAbsoluteDifference } from './thumb-compare.js';

type Expected = Record<'full' | 'small' | 'big', [string, string]>;

// name: { output: [size, md5 of Pillow's bytes] } — computed with Pillow 9.4.0 (Debian 12).
const EXPECTED: Record<string, Expected> = {
  'cmyk-adobe-64x32.jpg': { full: ['64x32', '7aaebeb00cdda66a04a34e7c018c6f8a'], small: ['50x25', '3e0cb21ea8671d26879bc2eb92eea2c5'], big: ['64x32', '7aaebeb00cdda66a04a34e7c018c6f8a'] },
  'cmyk-plain-64x32.jpg': { full: ['64x32', '7aaebeb00cdda66a04a34e7c018c6f8a'], small: ['50x25', '3e0cb21ea8671d26879bc2eb92eea2c5'], big: ['64x32', '7aaebeb00cdda66a04a34e7c018c6f8a'] },
  'grey-64x32.tif': { full: ['64x32', '7a080bbf8d799525265c98197bbac8ce'], small: ['50x25', 'd604a65b2729a750e0f8d018475aefff'], big: ['64x32', '7a080bbf8d799525265c98197bbac8ce'] },
  'grey-comment-64x32.jpg': { full: ['64x32', '86de7c38f60bbfb06f47e077e30700cf'], small: ['50x25', 'ab01fd5e658a722005e1563bf3045fe4'], big: ['64x32', '86de7c38f60bbfb06f47e077e30700cf'] },
  'grey-palette-64x32.gif': { full: ['64x32', '5765055c9b1e2be20bcc77988a694dd7'], small: ['50x25', '2c12925abeca6841367b92ef29939973'], big: ['64x32', '5765055c9b1e2be20bcc77988a694dd7'] },
  'grey1-64x32.png': { full: ['64x32', 'ed9028a63d71ef18da92ab8f7a20f17f'], small: ['50x25', 'ac366e47a34bc4459256eb31f665e36a'], big: ['64x32', 'ed9028a63d71ef18da92ab8f7a20f17f'] },
  'grey16-64x32.png': { full: ['64x32', '59d33fe21897fbf33abf9cf338cb5273'], small: ['50x25', 'ea9b19cfeae2cb4826f916801640bc28'], big: ['64x32', '59d33fe21897fbf33abf9cf338cb5273'] },
  'grey2-64x32.png': { full: ['64x32', '8b1ea4f3c22d80396ff9203478e913dd'], small: ['50x25', '17e4d5f00bb3f82b69f1c61bbb95d178'], big: ['64x32', '8b1ea4f3c22d80396ff9203478e913dd'] },
  'la16-64x32.png': { full: ['64x32', '5179d72173bac45c491bd90d04270e68'], small: ['50x25', '24d19ed2b277a9005ee722eb03b5d19c'], big: ['64x32', '5179d72173bac45c491bd90d04270e68'] },
  'la8-64x32.png': { full: ['64x32', 'd1aa16fc53bb24da37f2eeb98414a6b1'], small: ['50x25', 'a2a4df265a47c1f8da49f077f1489902'], big: ['64x32', 'd1aa16fc53bb24da37f2eeb98414a6b1'] },
  'palette-trns-64x32.png': { full: ['64x32', '0f565b652ac6c8f799f451175d038887'], small: ['50x25', 'adc181f310242e51e92494989e41d69b'], big: ['64x32', '0f565b652ac6c8f799f451175d038887'] },
  'partial-frame-64x32.gif': { full: ['64x32', '9148c148a0bf48f19978e14a0016ddf8'], small: ['50x25', 'ee18491cf0dd2deb46b9154ff677e0cd'], big: ['64x32', '9148c148a0bf48f19978e14a0016ddf8'] },
  'partial-frame-transparent-64x32.gif': { full: ['64x32', '758b15650b48342126ec21d335414653'], small: ['50x25', '1f5d7e79c52e6965885577479c6c6f62'], big: ['64x32', '758b15650b48342126ec21d335414653'] },
  'rgb-333x221-orientation-6.jpg': { full: ['221x333', '061d45b3443329ec52839bf8f55461aa'], small: ['33x50', 'a6b6a8c7d530e7ef69bcda4858ea4f42'], big: ['179x270', '19bb3498665f837a7a83e9633b08a673'] },
  'rgb-333x221.jpg': { full: ['333x221', 'cbf5438b0f8af1aab072cb2b743f8c39'], small: ['50x33', '83afbddf73d54d83c61a4231833df85b'], big: ['270x179', '07f888f9dc90dfc70f4be2b42e1b12da'] },
  'rgb-400x300.png': { full: ['400x300', '5a9f37311161f0cd0aff82c147d7050e'], small: ['50x38', 'e245539633408ce6fa666d7f39c64ceb'], big: ['270x203', '3f1fb08eef76a83af898dba4d9eb91a7'] },
  'rgb-lossy-120x80.webp': { full: ['120x80', 'f05d87d9818ef71a7c8ea377c58b9fa6'], small: ['50x33', 'ae832b6b07e16e2be895e65f53d3392e'], big: ['120x80', 'f05d87d9818ef71a7c8ea377c58b9fa6'] },
  'rgb-trns-64x32.png': { full: ['64x32', '76f9f750c791571cad5e92343a4d6e83'], small: ['50x25', '32c747feb3b104c5d44656f2445fa189'], big: ['64x32', '76f9f750c791571cad5e92343a4d6e83'] },
  'rgb16-64x32.png': { full: ['64x32', '69867c7be56b94e41907e1c485b8bc6f'], small: ['50x25', 'e4bfe1937f93ce0c9e285946678070b7'], big: ['64x32', '69867c7be56b94e41907e1c485b8bc6f'] },
  'rgba-120x80.webp': { full: ['120x80', '8d7c363835f82aa9f095a5bcdcf56165'], small: ['50x33', 'ae424a4b5bfadf5c1cfc65bbd8a5bdd0'], big: ['120x80', '8d7c363835f82aa9f095a5bcdcf56165'] },
  'rgba-301x203.png': { full: ['301x203', 'a47c916f6cd6cdacc889e75e9bc287f8'], small: ['50x34', 'd12315afc020f57df3e61adb78ed3a4c'], big: ['270x182', '0ae38038ad5eafbf087520d5d9420ebd'] },
  'rgba-64x32.png': { full: ['64x32', '00c7790a152292ed0d454bf3e72b7d3d'], small: ['50x25', '2e00b2be5efb4c402dc20434aa449c14'], big: ['64x32', '00c7790a152292ed0d454bf3e72b7d3d'] },
  'rgba-64x32.tif': { full: ['64x32', 'c264cd6dce50d02d6c2002dafe0f5e52'], small: ['50x25', '99496754a2ff500d375613788e0d651e'], big: ['64x32', 'c264cd6dce50d02d6c2002dafe0f5e52'] },
  'rgba-64x32.webp': { full: ['64x32', '00c7790a152292ed0d454bf3e72b7d3d'], small: ['50x25', '2e00b2be5efb4c402dc20434aa449c14'], big: ['64x32', '00c7790a152292ed0d454bf3e72b7d3d'] },
  'rgba-lossy-120x80.webp': { full: ['120x80', 'f35bbbb8a609817b0e6b6f32ddd3e07d'], small: ['50x33', '78701ee57f0f7e81168f9bc166d133fc'], big: ['120x80', 'f35bbbb8a609817b0e6b6f32ddd3e07d'] },
  'rgba16-64x32.png': { full: ['64x32', 'cb03a5f5d607cc334bd2ca0319b2cea4'], small: ['50x25', 'fc11b7cf4ae8ee5e01e33ccdbeed2054'], big: ['64x32', 'cb03a5f5d607cc334bd2ca0319b2cea4'] },
  'transparent-64x32.gif': { full: ['64x32', '171d451435dc71c78f6ae5b825e863ae'], small: ['50x25', '6b9a2516f6624bcba1860a8df08efd5f'], big: ['64x32', '171d451435dc71c78f6ae5b825e863ae'] },
};

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const OPTIONS = { minWidth: 0, minHeight: 0, maxPixels: 10_000_000, thumbs: { small: [50, 50], big: [270, 270] } } as const;
/** Mean absolute difference (0–255 scale) allowed between a default thumbnail and Pillow's. */
const CLOSE = 2.5;

describe('Pillow conformance (identical bytes)', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, async () => {
      const make = CONFORMANCE_INPUTS[name];
      assert.ok(make, `no input named ${name}`);
      const input = await make();
      const result = await processImage({ buffer: input }, { ...OPTIONS, exactThumbnails: true });
      const outputs = { full: result.full, small: result.thumbs[0], big: result.thumbs[1] };
      for (const key of ['full', 'small', 'big'] as const) {
        const out = outputs[key];
        assert.ok(out, `missing ${key}`);
        assert.equal(`${out.width}x${out.height}`, expected[key][0], `${key} size`);
        assert.equal(md5(out.data), expected[key][1], `${key} bytes differ from Pillow's`);
      }
      assert.deepEqual(result.thumbs.map((t) => t.name), ['small', 'big']);

      // Default thumbnails: the same full image and sizes, pixels close to the exact ones.
      const native = await processImage({ buffer: input }, OPTIONS);
      assert.equal(`${native.full.width}x${native.full.height}`, expected.full[0]);
      assert.equal(md5(native.full.data), expected.full[1], 'full image bytes differ from Pillow\'s on the default path');
      assert.equal(native.full.passthrough, result.full.passthrough);
      assert.deepEqual(native.thumbs.map((t) => [t.name, `${t.width}x${t.height}`]), [['small', expected.small[0]], ['big', expected.big[0]]]);
      for (const [i, thumb] of native.thumbs.entries()) {
        const difference = await meanAbsoluteDifference(thumb.data, result.thumbs[i]?.data ?? Buffer.alloc(0));
        assert.ok(difference < CLOSE, `${thumb.name}: mean difference ${difference.toFixed(2)} from Pillow's pixels`);
      }
    });
  }

  it('covers every conformance input', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), Object.keys(CONFORMANCE_INPUTS).sort());
  });
});
