// Saves pixels as Pillow's image.save(buf, "JPEG") does: libjpeg defaults (quality 75, 4:2:0,
// baseline, standard Huffman tables, islow DCT). sharp (mozjpeg with its extensions turned off) produces
// the same tables and entropy-coded data; it only leaves out the JFIF APP0 segment Pillow writes, and
// Pillow also writes the source's comment (info["comment"]) as a COM segment. We splice both in, so the
// bytes (and the checksum Scrapy records) are identical to Pillow's.
import sharp, { type JpegOptions, type Sharp } from 'sharp';
import { throwIfAborted } from './abort.js';

// JFIF 1.01, no density unit, 1:1, no thumbnail — what libjpeg writes when Pillow passes no dpi.
const JFIF_APP0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
const MAX_SEGMENT_PAYLOAD = 65533;

/** libjpeg's defaults as Pillow uses them: every mozjpeg extension off. */
const PILLOW_JPEG: JpegOptions = {
  quality: 75,
  chromaSubsampling: '4:2:0',
  progressive: false,
  optimiseCoding: false,
  mozjpeg: false,
  trellisQuantisation: false,
  overshootDeringing: false,
  optimiseScans: false,
  quantisationTable: 0,
};

function comSegment(comment: Buffer): Buffer {
  const head = Buffer.from([0xff, 0xfe, 0, 0]);
  head.writeUInt16BE(comment.length + 2, 2);
  return Buffer.concat([head, comment]);
}

/** Drops APPn/COM segments sharp may have written right after SOI (it normally writes none). */
function afterLeadingMarkers(jpeg: Buffer): number {
  let offset = 2;
  while (offset + 4 <= jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1] as number;
    if (!((marker >= 0xe0 && marker <= 0xef) || marker === 0xfe)) break;
    offset += 2 + jpeg.readUInt16BE(offset + 2);
  }
  return offset;
}

/**
 * Runs `pipeline` (whatever decodes, orients or resizes the pixels) into a JPEG laid out as Pillow
 * writes it. Used for raw buffers and straight from a source file alike, so the full image of a
 * rotated JPEG never needs a JavaScript copy of its pixels.
 */
export async function saveLikePillow(pipeline: Sharp, comment?: Buffer, signal?: AbortSignal): Promise<Buffer> {
  throwIfAborted(signal);
  const encoded = await pipeline.jpeg(PILLOW_JPEG).toBuffer();
  throwIfAborted(signal);
  const segments: Buffer[] = [encoded.subarray(0, 2), JFIF_APP0];
  // libjpeg cannot write a marker longer than 65533 bytes; Pillow would fail, we store without it.
  if (comment && comment.length > 0 && comment.length <= MAX_SEGMENT_PAYLOAD) segments.push(comSegment(comment));
  segments.push(encoded.subarray(afterLeadingMarkers(encoded)));
  return Buffer.concat(segments);
}

/** 8-bit RGB samples as a sharp input (sharp reads the buffer in place, it does not copy it). */
export function rawRgb(rgb: Uint8Array, width: number, height: number): Sharp {
  return sharp(rgb, { raw: { width, height, channels: 3 } });
}

export function encodeJpeg(
  rgb: Uint8Array, width: number, height: number, comment?: Buffer, signal?: AbortSignal,
): Promise<Buffer> {
  return saveLikePillow(rawRgb(rgb, width, height), comment, signal);
}
