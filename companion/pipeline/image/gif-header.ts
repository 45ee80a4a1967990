// GIF: Pillow opens the first frame as mode 'P', or as 'L' when the palette that frame uses is the
// identity grey ramp (0,0,0), (1,1,1), … (GifImagePlugin._is_palette_needed) or when there is none.
// 'P' is composited onto white; 'L' is not (a transparent pixel keeps its grey value, which is the
// transparent index itself). We also need the first frame's rectangle and palette entry 0: Pillow
// fills the screen outside that rectangle with index 0 (or the transparent index), libvips with black.
import type { ByteSource } from './byte-source.js';
import { baseInfo, decodeError, type SourceInfo } from './source-info.js';

const MAX_BLOCKS = 100_000;

function isIdentityGreyRamp(palette: Buffer): boolean {
  for (let i = 0; i + 2 < palette.length; i += 3) {
    const index = i / 3;
    if (palette[i] !== index || palette[i + 1] !== index || palette[i + 2] !== index) return false;
  }
  return true;
}

/** Reads the data sub-blocks starting at `offset`; returns their concatenation and the offset after them. */
async function readSubBlocks(source: ByteSource, offset: number, keep: boolean): Promise<[Buffer, number]> {
  const parts: Buffer[] = [];
  for (let i = 0; i < MAX_BLOCKS; i++) {
    const size = (await source.read(offset, 1))[0];
    if (size === undefined) throw decodeError('Cannot decode image: truncated GIF');
    offset += 1;
    if (size === 0) break;
    if (keep) parts.push(await source.read(offset, size));
    offset += size;
  }
  return [Buffer.concat(parts), offset];
}

export async function readGifHeader(source: ByteSource): Promise<SourceInfo> {
  const screen = await source.read(0, 13);
  if (screen.length < 13) throw decodeError('Cannot decode image: truncated GIF header');
  const width = screen.readUInt16LE(6);
  const height = screen.readUInt16LE(8);
  const flags = screen[10] as number;
  let offset = 13;
  let globalPalette: Buffer | undefined;
  if (flags & 0x80) {
    globalPalette = await source.read(offset, 3 << ((flags & 7) + 1));
    offset += 3 << ((flags & 7) + 1);
  }
  let transparentIndex: number | undefined;
  const comments: Buffer[] = [];
  for (let i = 0; i < MAX_BLOCKS; i++) {
    const introducer = (await source.read(offset, 1))[0];
    if (introducer === undefined || introducer === 0x3b) break;
    if (introducer === 0x21) {
      const label = (await source.read(offset + 1, 1))[0];
      const [data, next] = await readSubBlocks(source, offset + 2, label === 0xf9 || label === 0xfe);
      if (label === 0xf9 && data.length >= 4) {
        // Each graphic control extension before the frame replaces the previous one.
        transparentIndex = (data[0] as number) & 1 ? data[3] : undefined;
      } else if (label === 0xfe) {
        comments.push(data);
      }
      offset = next;
    } else if (introducer === 0x2c) {
      const d = await source.read(offset + 1, 9);
      if (d.length < 9) break;
      const local = (d[8] as number) & 0x80 ? await source.read(offset + 10, 3 << (((d[8] as number) & 7) + 1)) : undefined;
      const palette = local ?? globalPalette;
      const hasPalette = palette !== undefined && !isIdentityGreyRamp(palette);
      const info = baseInfo('GIF', width, height, hasPalette ? 'P' : 'L');
      // libvips always decodes GIF to sRGB(A); for an 'L' GIF R = G = B = the index, so read it as RGB.
      info.layout = 'rgb';
      if (comments.length > 0) info.comment = Buffer.concat(comments.flatMap((c, j) => (j === 0 ? [c] : [Buffer.from('\n'), c])));
      info.gif = {
        left: d.readUInt16LE(0),
        top: d.readUInt16LE(2),
        width: d.readUInt16LE(4),
        height: d.readUInt16LE(6),
        transparentIndex,
        colour0: palette && palette.length >= 3 ? [palette[0] as number, palette[1] as number, palette[2] as number] : undefined,
      };
      if (width === 0 || height === 0) throw decodeError('Cannot decode image: GIF with a zero size');
      return info;
    } else {
      offset += 1; // Pillow ignores unknown bytes between blocks
    }
  }
  throw decodeError('Cannot decode image: GIF without an image (truncated or corrupt)');
}
