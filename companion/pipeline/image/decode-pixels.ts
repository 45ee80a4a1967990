// Decodes with sharp into raw samples Pillow would see: no ICC transform (Pillow ignores profiles), no
// CMYK→sRGB conversion, 16-bit samples kept as 16-bit (we clip or take the high byte ourselves), EXIF
// orientation applied (exif_transpose). The colourspace asked for is the file's own, so libvips converts
// nothing; the JavaScript conversion in convert-to-rgb.ts then does exactly what Pillow does.
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { GleanerError } from '../../../shared/errors.js';
import { throwIfAborted } from './abort.js';
import { decodeError, type SourceInfo } from './source-info.js';

export interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
  bitDepth: 8 | 16;
}

export type SharpInput = string | Buffer;

/**
 * How strict libvips is with damaged data, chosen to agree with Pillow: on fuzzed files, 'warning'
 * matched Pillow's accept/reject decision for baseline JPEGs (Pillow rejects corrupt entropy data),
 * while progressive JPEGs and the other formats matched best with 'truncated'.
 */
function failOn(info: SourceInfo): 'warning' | 'truncated' {
  return info.format === 'JPEG' && !info.progressive ? 'warning' : 'truncated';
}

export function toDecodeError(error: unknown): GleanerError {
  if (error instanceof GleanerError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(text)) return new GleanerError('ERR_PROCESS_IMAGE_TOO_LARGE', `Image too large (${text})`);
  // libvips' first line names the problem ("VipsJpeg: premature end of JPEG image"); say it plainly too.
  const detail = (text.split('\n').find((line) => line.trim() !== '') ?? 'unknown error').trim();
  const damaged = /premature end|unexpected end|truncated|read error|corrupt|invalid|bad /i.test(detail);
  return decodeError(`Cannot decode image: ${damaged ? 'the file is truncated or corrupt' : 'decoder error'} (${detail})`, error);
}

/** Awaits native image work, turning a decoder's failure into a coded error. */
export async function asDecodeError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw toDecodeError(error);
  }
}

/** Header-only metadata (orientation, and the size of formats we do not parse); never decodes pixels. */
export async function readMetadata(input: SharpInput): Promise<Metadata> {
  try {
    return await sharp(input, { limitInputPixels: false, failOn: 'none' }).metadata();
  } catch (error) {
    throw toDecodeError(error);
  }
}

/**
 * The decoder settings every pixel read uses, so a decode made for a thumbnail or a check accepts and
 * refuses exactly the files the full decode does.
 */
export function decodeOptions(info: SourceInfo, maxPixels: number): SharpOptions {
  return {
    failOn: failOn(info),
    // Our own header check already refused bigger images; this is a second guard in the decoder.
    limitInputPixels: Math.max(1, Math.floor(maxPixels)),
    autoOrient: true,
    ignoreIcc: true,
  };
}

export async function decodePixels(input: SharpInput, info: SourceInfo, maxPixels: number, signal?: AbortSignal): Promise<RawPixels> {
  throwIfAborted(signal);
  let pipeline = sharp(input, decodeOptions(info, maxPixels));
  if (info.layout === 'cmyk') pipeline = pipeline.pipelineColourspace('cmyk').toColourspace('cmyk');
  else if (info.layout === 'grey') pipeline = pipeline.toColourspace(info.bitDepth === 16 ? 'grey16' : 'b-w');
  else pipeline = pipeline.toColourspace(info.bitDepth === 16 ? 'rgb16' : 'srgb');
  try {
    const { data, info: out } = await pipeline
      .raw({ depth: info.bitDepth === 16 ? 'ushort' : 'uchar' })
      .toBuffer({ resolveWithObject: true });
    throwIfAborted(signal);
    return { data, width: out.width, height: out.height, channels: out.channels, bitDepth: info.bitDepth };
  } catch (error) {
    throw toDecodeError(error);
  }
}

/**
 * Decodes every pixel of an image we do not otherwise decode at full size (a JPEG stored untouched),
 * only to learn whether the decoder refuses it; the output is a tiny image that is thrown away.
 *
 * It must be a full-scale decode: with JPEG shrink-on-load (DCT scaling) libjpeg-turbo lets through
 * some corrupt entropy data ("bad Huffman code", "premature end of data segment") that the full
 * decode, like Pillow's, refuses. Setting a pipeline colourspace is what stops sharp from
 * shrinking on load; the downsizing resize still pulls every row through the decoder.
 */
export async function checkDecodable(input: SharpInput, info: SourceInfo, maxPixels: number, signal?: AbortSignal): Promise<void> {
  throwIfAborted(signal);
  const width = Math.max(1, Math.floor(info.width / 8));
  const height = Math.max(1, Math.floor(info.height / 8));
  try {
    await sharp(input, { ...decodeOptions(info, maxPixels), autoOrient: false })
      .pipelineColourspace('srgb')
      .resize(width, height, { fit: 'fill' })
      .raw()
      .toBuffer();
  } catch (error) {
    throw toDecodeError(error);
  }
  throwIfAborted(signal);
}
