// JPEG: Pillow's mode is the SOF component count (1 'L', 3 'RGB', 4 'CMYK'); 4-component data is
// always read as Adobe-inverted CMYK ("CMYK;I", JpegImagePlugin), which libvips also does, so the
// APP14 marker needs no special handling. We also collect the last COM segment (Pillow keeps it in
// info["comment"] and writes it into every JPEG it saves from this image), whether the scan is
// progressive, and whether an EXIF segment is there at all.
import type { ByteSource } from './byte-source.js';
import { baseInfo, decodeError, type PillowMode, type SourceInfo } from './source-info.js';

const MODES: Record<number, PillowMode> = { 1: 'L', 3: 'RGB', 4: 'CMYK' };
const PROGRESSIVE_SOF = new Set([0xc2, 0xc6, 0xca, 0xce]);
const MAX_SEGMENTS = 10_000;

function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

export async function readJpegHeader(source: ByteSource): Promise<SourceInfo> {
  let offset = 2; // after SOI
  let comment: Buffer | undefined;
  let exif = false;
  let info: SourceInfo | undefined;
  for (let i = 0; i < MAX_SEGMENTS; i++) {
    const head = await source.read(offset, 4);
    if (head.length < 2) break;
    if (head[0] !== 0xff) {
      offset += 1; // Pillow skips junk between segments byte by byte
      continue;
    }
    const marker = head[1] as number;
    if (marker === 0xff || marker === 0x00 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += marker === 0xff ? 1 : 2; // a fill byte, or a marker without a length
      continue;
    }
    if (marker === 0xda && info) {
      // Start of scan: Pillow's header reading ends here, with every COM seen so far (the last wins).
      info.comment = comment;
      info.mayHaveExif = exif;
      return info;
    }
    if (marker === 0xda || marker === 0xd9 || head.length < 4) break;
    const length = head.readUInt16BE(2);
    if (length < 2) break;
    if (marker === 0xfe) comment = await source.read(offset + 4, length - 2);
    // libvips takes EXIF (and so the orientation) from an APP1 segment starting "Exif".
    if (marker === 0xe1 && (await source.read(offset + 4, 4)).toString('latin1') === 'Exif') exif = true;
    if (isSof(marker) && !info) info = await readSof(source, offset + 4, marker);
    offset += 2 + length;
  }
  throw decodeError(`Cannot decode image: JPEG ${info ? 'without a scan' : 'without a frame header'} (truncated or corrupt)`);
}

async function readSof(source: ByteSource, at: number, marker: number): Promise<SourceInfo> {
  const sof = await source.read(at, 6);
  if (sof.length < 6) throw decodeError('Cannot decode image: truncated JPEG frame header');
  const bits = sof[0] as number;
  const components = sof[5] as number;
  if (bits !== 8) throw decodeError(`Cannot decode image: cannot handle ${bits}-bit JPEG layers`);
  const mode = MODES[components];
  if (mode === undefined) throw decodeError(`Cannot decode image: cannot handle ${components}-layer JPEG images`);
  const width = sof.readUInt16BE(3);
  const height = sof.readUInt16BE(1);
  if (width === 0 || height === 0) throw decodeError('Cannot decode image: JPEG with a zero size');
  const info = baseInfo('JPEG', width, height, mode);
  info.progressive = PROGRESSIVE_SOF.has(marker);
  return info;
}
