// PNG: Pillow's mode comes from IHDR's bit depth and colour type alone (PngImagePlugin._MODES). A tRNS
// chunk never changes it: an RGB or grey PNG with a colour key stays 'RGB'/'L' and is not composited,
// a palette PNG is 'P' and is composited either way, so the alpha band libvips adds for tRNS is simply
// dropped or used according to the mode, and tRNS need not be looked for.
import type { ByteSource } from './byte-source.js';
import { baseInfo, decodeError, type PillowMode, type SourceInfo } from './source-info.js';

// "bitDepth,colourType" → mode. 16-bit grey+alpha is 'RGBA' in Pillow ("LA;16B" unpacks to RGBA), so
// such a PNG *is* composited onto white, unlike an 8-bit LA one.
const MODES: Record<string, PillowMode> = {
  '1,0': '1', '2,0': 'L', '4,0': 'L', '8,0': 'L', '16,0': 'I',
  '8,2': 'RGB', '16,2': 'RGB',
  '1,3': 'P', '2,3': 'P', '4,3': 'P', '8,3': 'P',
  '8,4': 'LA', '16,4': 'RGBA',
  '8,6': 'RGBA', '16,6': 'RGBA',
};

export async function readPngHeader(source: ByteSource): Promise<SourceInfo> {
  const head = await source.read(8, 25);
  if (head.length < 25 || head.toString('latin1', 4, 8) !== 'IHDR') {
    throw decodeError('Cannot decode image: PNG without an IHDR chunk');
  }
  const width = head.readUInt32BE(8);
  const height = head.readUInt32BE(12);
  const bitDepth = head[16] as number;
  const colourType = head[17] as number;
  const mode = MODES[`${bitDepth},${colourType}`];
  if (mode === undefined) {
    throw decodeError(`Cannot decode image: unknown PNG mode (bit depth ${bitDepth}, colour type ${colourType})`);
  }
  if (width === 0 || height === 0) throw decodeError('Cannot decode image: PNG with a zero size');
  const info = baseInfo('PNG', width, height, mode);
  // 16-bit grey+alpha is mode RGBA but its samples are grey: ask sharp for grey16 and expand ourselves.
  if (colourType === 0 || colourType === 4) info.layout = 'grey';
  info.bitDepth = bitDepth === 16 ? 16 : 8;
  return info;
}
