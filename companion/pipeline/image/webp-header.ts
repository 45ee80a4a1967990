// WebP: Pillow opens a WebP as 'RGBA' when libwebp's WebPGetFeatures reports alpha, else 'RGB'. That
// flag is: for an animation, the VP8X alpha bit; for a still lossless image, the alpha bit of the VP8L
// header; for a still lossy image, the VP8X alpha bit; in both still cases also set by an ALPH chunk.
import type { ByteSource } from './byte-source.js';
import { baseInfo, decodeError, type SourceInfo } from './source-info.js';

const MAX_CHUNKS = 10_000;

function vp8Size(data: Buffer): [number, number] {
  // Key frame header: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
  if (data.length < 10 || data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) {
    throw decodeError('Cannot decode image: corrupt WebP (bad VP8 frame header)');
  }
  return [data.readUInt16LE(6) & 0x3fff, data.readUInt16LE(8) & 0x3fff];
}

function vp8lInfo(data: Buffer): { width: number; height: number; alpha: boolean } {
  if (data.length < 5 || data[0] !== 0x2f) throw decodeError('Cannot decode image: corrupt WebP (bad VP8L header)');
  const bits = data.readUInt32LE(1);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
}

export async function readWebpHeader(source: ByteSource): Promise<SourceInfo> {
  const first = await source.read(12, 18);
  if (first.length < 8) throw decodeError('Cannot decode image: truncated WebP');
  const kind = first.toString('latin1', 0, 4);
  const data = first.subarray(8);
  if (kind === 'VP8 ') {
    const [width, height] = vp8Size(data);
    return baseInfo('WEBP', width, height, 'RGB');
  }
  if (kind === 'VP8L') {
    const { width, height, alpha } = vp8lInfo(data);
    return baseInfo('WEBP', width, height, alpha ? 'RGBA' : 'RGB');
  }
  if (kind !== 'VP8X' || data.length < 10) throw decodeError(`Cannot decode image: unsupported WebP chunk ${JSON.stringify(kind)}`);
  const flags = data[0] as number;
  const width = 1 + data.readUIntLE(4, 3);
  const height = 1 + data.readUIntLE(7, 3);
  let alpha = (flags & 0x10) !== 0;
  if ((flags & 0x02) === 0) {
    // A still image: look at the chunks after VP8X for ALPH and the bitstream. For lossless data the
    // VP8L bit replaces the VP8X flag (libwebp's ParseHeadersInternal), an ALPH chunk adds to either.
    let sawAlph = false;
    let offset = 12 + 8 + first.readUInt32LE(4);
    for (let i = 0; i < MAX_CHUNKS && offset + 8 <= source.size; i++) {
      const chunk = await source.read(offset, 13);
      const type = chunk.toString('latin1', 0, 4);
      if (type === 'ALPH') sawAlph = true;
      if (type === 'VP8L') {
        alpha = vp8lInfo(chunk.subarray(8)).alpha;
        break;
      }
      if (type === 'VP8 ') break;
      const size = chunk.readUInt32LE(4);
      offset += 8 + size + (size & 1); // chunks are padded to an even size
    }
    alpha ||= sawAlph;
  }
  return baseInfo('WEBP', width, height, alpha ? 'RGBA' : 'RGB');
}
