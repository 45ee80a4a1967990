// Recognises the container from its first bytes and reads Pillow's view of it (format, size, mode)
// from the header. Only formats both Pillow and sharp decode are accepted; anything else fails here
// with a message that says what the body looks like (an HTML error page is the usual culprit).
import type { Metadata } from 'sharp';
import type { ByteSource } from './byte-source.js';
import { readGifHeader } from './gif-header.js';
import { readJpegHeader } from './jpeg-header.js';
import { readPngHeader } from './png-header.js';
import { baseInfo, decodeError, type SourceFormat, type SourceInfo } from './source-info.js';
import { readWebpHeader } from './webp-header.js';

function startsWith(head: Buffer, bytes: readonly number[], at = 0): boolean {
  return bytes.every((b, i) => head[at + i] === b);
}

/** What a body that is not a supported image looks like, for the error message. */
function describe(head: Buffer): string {
  if (head.length === 0) return 'the body is empty';
  const text = head.toString('latin1').trimStart().toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || text.startsWith('<head') || text.startsWith('<body')) {
    return 'the body is an HTML page, not an image';
  }
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'SVG images are not supported';
  if (text.startsWith('<') || text.startsWith('{') || text.startsWith('[')) return 'the body is text (HTML, XML or JSON), not an image';
  if (startsWith(head, [0x42, 0x4d])) return 'BMP images are not supported';
  if (startsWith(head, [0, 0, 1, 0])) return 'ICO images are not supported';
  if (head.toString('latin1', 4, 8) === 'ftyp') return 'HEIF/AVIF images are not supported';
  if (text.startsWith('%pdf')) return 'the body is a PDF document, not an image';
  return 'unknown or unsupported image format';
}

export function sniffFormat(head: Buffer): SourceFormat {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'JPEG';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'PNG';
  if (head.toString('latin1', 0, 6) === 'GIF87a' || head.toString('latin1', 0, 6) === 'GIF89a') return 'GIF';
  if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'WEBP';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'TIFF';
  throw decodeError(`Cannot decode image: ${describe(head)}`);
}

/**
 * TIFF is accepted on a best-effort basis: its Pillow mode depends on tags we do not parse, so it is
 * inferred from sharp's header metadata (never composited, as convert_image composites only PNG/WEBP).
 */
function tiffInfo(metadata: Metadata): SourceInfo {
  const { width, height } = metadata;
  if (!width || !height) throw decodeError('Cannot decode image: TIFF without a size');
  const colourBands = (metadata.channels ?? 3) - (metadata.hasAlpha ? 1 : 0);
  const sixteen = metadata.depth === 'ushort' || metadata.depth === 'short';
  const mode = metadata.space === 'cmyk' ? 'CMYK' : colourBands === 1 ? (sixteen ? 'I' : 'L') : metadata.hasAlpha ? 'RGBA' : 'RGB';
  const info = baseInfo('TIFF', width, height, mode);
  info.bitDepth = sixteen && mode !== 'CMYK' ? 16 : 8;
  return info;
}

/** `metadata` is libvips' header reading, asked for only where our own parsing does not suffice. */
export async function readSourceInfo(source: ByteSource, format: SourceFormat, metadata: () => Promise<Metadata>): Promise<SourceInfo> {
  switch (format) {
    case 'JPEG':
      return readJpegHeader(source);
    case 'PNG':
      return readPngHeader(source);
    case 'GIF':
      return readGifHeader(source);
    case 'WEBP':
      return readWebpHeader(source);
    case 'TIFF':
      return tiffInfo(await metadata());
  }
}
