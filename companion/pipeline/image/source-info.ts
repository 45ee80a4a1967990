// What Pillow would know about an image right after Image.open: its format, size and *mode*. The mode
// decides the conversion (rule 21), and it comes from the file's header, not from what sharp reports
// (libvips adds an alpha band for tRNS, scales 16-bit samples, expands palettes), so each format has
// its own small header reader.
import { GleanerError } from '../../../shared/errors.js';

export type SourceFormat = 'JPEG' | 'PNG' | 'GIF' | 'WEBP' | 'TIFF';

/** Pillow's modes that can reach convert_image (16-bit grey PNG opens as 'I'). */
export type PillowMode = '1' | 'L' | 'LA' | 'I' | 'P' | 'RGB' | 'RGBA' | 'CMYK';

/** How the samples are stored: the colourspace to ask sharp for, so it converts nothing itself. */
export type SampleLayout = 'grey' | 'rgb' | 'cmyk';

export interface GifFrameInfo {
  /** The first frame's rectangle; Pillow fills the rest of the screen with index 0 (or the transparent index). */
  left: number;
  top: number;
  width: number;
  height: number;
  /** GCE transparent index of the first frame, when set. */
  transparentIndex: number | undefined;
  /** RGB of palette entry 0 of the palette the first frame uses. */
  colour0: [number, number, number] | undefined;
}

export interface SourceInfo {
  format: SourceFormat;
  /** Size as stored, before EXIF orientation. */
  width: number;
  height: number;
  mode: PillowMode;
  layout: SampleLayout;
  bitDepth: 8 | 16;
  /** JPEG: the scan is progressive (decides how strict the decoder is, see decode-pixels.ts). */
  progressive: boolean;
  /**
   * The comment Pillow keeps in info["comment"] (last JPEG COM, GIF comment extensions); Pillow writes
   * it into every JPEG it saves from an image that kept its info.
   */
  comment: Buffer | undefined;
  gif: GifFrameInfo | undefined;
  /**
   * False only when the header has been read through and holds no EXIF (a JPEG without an APP1
   * "Exif" segment before its scan): then the orientation is 1 without asking libvips.
   */
  mayHaveExif: boolean;
}

export function decodeError(message: string, cause?: unknown): GleanerError {
  return new GleanerError('ERR_PROCESS_IMAGE_DECODE', message, cause === undefined ? undefined : { cause });
}

export function baseInfo(format: SourceFormat, width: number, height: number, mode: PillowMode): SourceInfo {
  return {
    format,
    width,
    height,
    mode,
    layout: mode === 'CMYK' ? 'cmyk' : mode === '1' || mode === 'L' || mode === 'LA' || mode === 'I' ? 'grey' : 'rgb',
    bitDepth: 8,
    progressive: false,
    comment: undefined,
    gif: undefined,
    mayHaveExif: true,
  };
}
