// Byte-level writers for the images the tests need but sharp cannot write exactly: PNGs of any colour
// type and bit depth (with PLTE/tRNS), GIFs with a chosen palette and transparency, JPEGs with 1, 3 or
// 4 components (with or without an Adobe APP14 marker) and EXIF orientation. Expected values in the
// tests were computed by running real Pillow 9.4 on these exact bytes.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

export interface PngSpec {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA */
  colorType: 0 | 2 | 3 | 4 | 6;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  /** One sample per entry, row by row (16-bit samples as numbers up to 65535). */
  samples: ArrayLike<number>;
  palette?: ArrayLike<number>;
  trns?: Uint8Array;
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

export function makePng(spec: PngSpec): Buffer {
  const { width, height, colorType, bitDepth, samples } = spec;
  const channels = CHANNELS[colorType];
  const rowBits = width * channels * bitDepth;
  const rowBytes = Math.ceil(rowBits / 8);
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    const rowStart = y * (rowBytes + 1) + 1; // filter byte 0 (None) before each row
    for (let i = 0; i < width * channels; i++) {
      const v = samples[y * width * channels + i] as number;
      if (bitDepth === 16) raw.writeUInt16BE(v, rowStart + i * 2);
      else if (bitDepth === 8) raw[rowStart + i] = v;
      else {
        const bit = i * bitDepth;
        const at = rowStart + (bit >> 3);
        raw[at] = (raw[at] as number) | (v << (8 - bitDepth - (bit & 7)));
      }
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  const chunks = [pngChunk('IHDR', ihdr)];
  if (spec.palette) chunks.push(pngChunk('PLTE', Uint8Array.from(spec.palette)));
  if (spec.trns) chunks.push(pngChunk('tRNS', spec.trns));
  chunks.push(pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', new Uint8Array(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

/** A PNG that declares a huge size; only the header is valid (enough for a header-only check). */
export function makeHugePngHeader(width: number, height: number): Buffer {
  const png = makePng({ width: 1, height: 1, colorType: 2, bitDepth: 8, samples: [0, 0, 0] });
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

export interface GifSpec {
  width: number;
  height: number;
  palette: ArrayLike<number>; // RGB triplets; length must be 3 * 2^n
  /** Palette indices of the (first and only) frame, row by row. */
  indices: ArrayLike<number>;
  transparentIndex?: number;
  /** The frame's rectangle when it does not cover the whole screen. */
  frame?: { left: number; top: number; width: number; height: number };
}

// LZW with a clear code before every code-width change would be needed for a real encoder; emitting a
// clear code every (2^minCodeSize - 2) pixels keeps the code width constant, which is all a test needs.
function lzwEncode(indices: ArrayLike<number>, minCodeSize: number): Buffer {
  const clear = 1 << minCodeSize;
  const width = minCodeSize + 1;
  const out: number[] = [];
  let acc = 0;
  let nbits = 0;
  const emit = (code: number): void => {
    acc |= code << nbits;
    nbits += width;
    while (nbits >= 8) {
      out.push(acc & 0xff);
      acc >>>= 8;
      nbits -= 8;
    }
  };
  const run = clear - 2;
  for (let i = 0; i < indices.length; i++) {
    if (i % run === 0) emit(clear);
    emit(indices[i] as number);
  }
  emit(clear + 1);
  if (nbits > 0) out.push(acc & 0xff);
  return Buffer.from(out);
}

export function makeGif(spec: GifSpec): Buffer {
  const { width, height, palette } = spec;
  const entries = palette.length / 3;
  const bits = Math.max(1, Math.log2(entries));
  const parts: Buffer[] = [Buffer.from('GIF89a', 'latin1')];
  const screen = Buffer.alloc(7);
  screen.writeUInt16LE(width, 0);
  screen.writeUInt16LE(height, 2);
  screen[4] = 0x80 | ((bits - 1) << 4) | (bits - 1);
  parts.push(screen, Buffer.from(Uint8Array.from(palette)));
  if (spec.transparentIndex !== undefined) {
    parts.push(Buffer.from([0x21, 0xf9, 4, 0x01, 0, 0, spec.transparentIndex, 0]));
  }
  const frame = spec.frame ?? { left: 0, top: 0, width, height };
  const descriptor = Buffer.alloc(10);
  descriptor[0] = 0x2c;
  descriptor.writeUInt16LE(frame.left, 1);
  descriptor.writeUInt16LE(frame.top, 3);
  descriptor.writeUInt16LE(frame.width, 5);
  descriptor.writeUInt16LE(frame.height, 7);
  parts.push(descriptor);
  const minCodeSize = Math.max(2, bits);
  const data = lzwEncode(spec.indices, minCodeSize);
  parts.push(Buffer.from([minCodeSize]));
  for (let i = 0; i < data.length; i += 255) {
    const block = data.subarray(i, i + 255);
    parts.push(Buffer.from([block.length]), block);
  }
  parts.push(Buffer.from([0, 0x3b]));
  return Buffer.concat(parts);
}

// --- JPEG -------------------------------------------------------------------------------------------

// The standard luminance DC table (ITU T.81 K.3): code lengths per category 0..11.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CODES: Array<[number, number]> = (() => {
  const codes: Array<[number, number]> = [];
  let code = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < (DC_BITS[len - 1] as number); i++) codes.push([code++, len]);
    code <<= 1;
  }
  return codes;
})();

function segment(marker: number, payload: Uint8Array): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

export interface FlatJpegSpec {
  width: number;
  height: number;
  components: 1 | 3 | 4;
  /** Sample values as stored in the file, one tuple per 8x8 block in raster order of blocks. */
  blocks: ReadonlyArray<readonly number[]>;
  /** Adobe APP14 transform byte (0 = none, 1 = YCbCr); omitted = no APP14 marker. */
  adobeTransform?: number;
  comment?: string;
}

/**
 * A baseline JPEG whose 8x8 blocks are flat colours (DC only, quantiser 1, no subsampling). Flat blocks
 * decode exactly, so the stored component values are known: handy for 1- and 4-component JPEGs,
 * which sharp writes only through colour management.
 */
export function makeFlatJpeg(spec: FlatJpegSpec): Buffer {
  const { width, height, components, blocks } = spec;
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  if (spec.adobeTransform !== undefined) {
    parts.push(segment(0xee, Buffer.from([...Buffer.from('Adobe', 'latin1'), 0, 100, 0, 0, 0, 0, spec.adobeTransform])));
  }
  if (spec.comment !== undefined) parts.push(segment(0xfe, Buffer.from(spec.comment, 'latin1')));
  parts.push(segment(0xdb, Buffer.from([0, ...new Array<number>(64).fill(1)])));
  const sof: number[] = [8, height >> 8, height & 0xff, width >> 8, width & 0xff, components];
  for (let c = 0; c < components; c++) sof.push(c + 1, 0x11, 0);
  parts.push(segment(0xc0, Buffer.from(sof)));
  // DC table 0: standard; AC table 0: a single symbol (EOB) with the one-bit code "0".
  parts.push(segment(0xc4, Buffer.from([0x00, ...DC_BITS, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])));
  parts.push(segment(0xc4, Buffer.from([0x10, 1, ...new Array<number>(15).fill(0), 0x00])));
  const sos: number[] = [components];
  for (let c = 0; c < components; c++) sos.push(c + 1, 0x00);
  sos.push(0, 63, 0);
  parts.push(segment(0xda, Buffer.from(sos)));

  const bytes: number[] = [];
  let acc = 0;
  let nbits = 0;
  const put = (value: number, length: number): void => {
    for (let i = length - 1; i >= 0; i--) {
      acc = (acc << 1) | ((value >> i) & 1);
      if (++nbits === 8) {
        bytes.push(acc);
        if (acc === 0xff) bytes.push(0); // byte stuffing
        acc = 0;
        nbits = 0;
      }
    }
  };
  const pred = new Array<number>(components).fill(0);
  const blocksWide = Math.ceil(width / 8);
  const blocksHigh = Math.ceil(height / 8);
  for (let b = 0; b < blocksWide * blocksHigh; b++) {
    const block = blocks[b] ?? blocks[blocks.length - 1] ?? [];
    for (let c = 0; c < components; c++) {
      const dc = 8 * ((block[c] ?? 0) - 128);
      const diff = dc - (pred[c] as number);
      pred[c] = dc;
      const size = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      const [code, len] = DC_CODES[size] as [number, number];
      put(code, len);
      if (size > 0) put(diff > 0 ? diff : diff + (1 << size) - 1, size);
      put(0, 1); // EOB
    }
  }
  if (nbits > 0) put((1 << (8 - nbits)) - 1, 8 - nbits); // pad with ones
  parts.push(Buffer.from(bytes), Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}

/** Inserts an EXIF APP1 segment holding only an Orientation tag right after SOI. */
export function withExifOrientation(jpeg: Buffer, orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22); // no next IFD
  const app1 = segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

// --- deterministic content -------------------------------------------------------------------------

/** A busy RGB pattern (gradients, stripes and a checker) so resampling and JPEG coding are exercised. */
export function patternRgb(width: number, height: number): Buffer {
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      out[o] = (x * 255) / Math.max(1, width - 1);
      out[o + 1] = (y * 255) / Math.max(1, height - 1);
      out[o + 2] = ((x >> 3) + (y >> 3)) % 2 === 0 ? 230 : (x * y) & 0xff;
    }
  }
  return out;
}

/** patternRgb plus an alpha channel that goes from transparent (left) to opaque (right). */
export function patternRgba(width: number, height: number): Buffer {
  const rgb = patternRgb(width, height);
  const out = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgb.copy(out, i * 4, i * 3, i * 3 + 3);
    out[i * 4 + 3] = Math.round((((i % width) as number) * 255) / Math.max(1, width - 1));
  }
  return out;
}

/** Samples for an image made of `cell`×`cell` squares, one tuple per square in raster order. */
export function cellSamples(cellsX: number, cellsY: number, cell: number, tuples: ReadonlyArray<readonly number[]>): number[] {
  const width = cellsX * cell;
  const out: number[] = [];
  for (let y = 0; y < cellsY * cell; y++) {
    for (let x = 0; x < width; x++) {
      const tuple = tuples[Math.floor(y / cell) * cellsX + Math.floor(x / cell)] ?? [];
      out.push(...tuple);
    }
  }
  return out;
}
