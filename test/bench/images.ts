// Paints the benchmark's images with sharp. The pixels are built to compress like photographs, not
// like flat test cards: a few smooth colour gradients (the scene), a mid-frequency texture (detail) and
// per-pixel noise (sensor grain). A flat or purely random image would make the JPEG encoder and
// decoder do far less, or far more, work per pixel than a real photo, and the Images pipeline's cost is
// mostly decoding and re-encoding.
import sharp from 'sharp';
import type { ImageKind } from './config.js';
import { keystream, type Rng } from './prng.js';

export interface PaintedImage {
  data: Buffer;
  ext: string;
  /** The stored pixel size (before any EXIF rotation). */
  width: number;
  height: number;
}

/** A smooth random field: a tiny grid of random values scaled up with a cubic kernel. */
async function smoothField(values: Buffer, gw: number, gh: number, channels: 1 | 3, width: number, height: number): Promise<Buffer> {
  const resized = sharp(values, { raw: { width: gw, height: gh, channels } }).resize(width, height, { kernel: 'cubic', fit: 'fill' });
  // libvips treats a one-channel raw input as greyscale but writes sRGB (3 channels) unless told.
  return (channels === 1 ? resized.extractChannel(0) : resized).raw().toBuffer();
}

/**
 * Photo-like RGB pixels. `noise` is the grain amplitude (0-255 scale, peak): about 10 makes a JPEG of
 * roughly 1 bit per pixel at quality 85, like a typical web photo.
 */
async function photoPixels(rng: Rng, seed: number, label: string, width: number, height: number, noise: number): Promise<Buffer> {
  const bytes = keystream(seed, label);
  const gw = rng.int(3, 8);
  const gh = rng.int(2, 6);
  const coarseValues = Buffer.alloc(gw * gh * 3);
  for (let i = 0; i < coarseValues.length; i++) coarseValues[i] = rng.int(20, 235);
  const coarse = await smoothField(coarseValues, gw, gh, 3, width, height);
  // Detail: one texture cell every ~16 px, greyscale so it reads as light and shade, not confetti.
  const mw = Math.max(2, Math.ceil(width / 16));
  const mh = Math.max(2, Math.ceil(height / 16));
  const mid = await smoothField(bytes(mw * mh), mw, mh, 1, width, height);
  const grain = bytes(width * height * 3);
  const out = Buffer.allocUnsafe(width * height * 3);
  const midAmp = rng.int(20, 50);
  for (let p = 0, i = 0; p < width * height; p++) {
    const shade = ((mid[p]! - 128) * midAmp) >> 7;
    for (let c = 0; c < 3; c++, i++) {
      const v = coarse[i]! + shade + (((grain[i]! - 128) * noise) >> 7);
      out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return out;
}

/** A smooth alpha mask with fully transparent, fully opaque and soft-edged regions (a cut-out). */
async function alphaMask(rng: Rng, width: number, height: number): Promise<Buffer> {
  const gw = rng.int(3, 6);
  const gh = rng.int(3, 6);
  const values = Buffer.alloc(gw * gh);
  for (let i = 0; i < values.length; i++) values[i] = rng.int(0, 255);
  const field = await smoothField(values, gw, gh, 1, width, height);
  for (let i = 0; i < field.length; i++) {
    const v = (field[i]! - 100) * 3;
    field[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return field;
}

/** Pixel sizes per kind: what each kind of image tends to be on the web, up to 3000x2000. */
function pickSize(rng: Rng, kind: ImageKind): { width: number; height: number } {
  const aspects = [3 / 2, 4 / 3, 1, 16 / 9, 2 / 3, 3 / 4];
  let long: number;
  switch (kind) {
    case 'photo-jpeg': {
      const r = rng.next();
      long = r < 0.08 ? rng.int(2000, 3000) : r < 0.4 ? rng.int(800, 2000) : rng.logUniform(160, 800);
      break;
    }
    case 'exif-jpeg': // straight from a phone or camera: big
      long = rng.int(1200, 3000);
      break;
    case 'cmyk-jpeg': // print-oriented assets
      long = rng.int(400, 1400);
      break;
    case 'webp':
      long = rng.logUniform(200, 1600);
      break;
    case 'png-alpha': // logos, icons, cut-outs
      long = rng.logUniform(48, 640);
      break;
    case 'gif':
      long = rng.logUniform(48, 500);
      break;
  }
  const aspect = rng.pick(aspects);
  let width = aspect >= 1 ? long : Math.round(long * aspect);
  let height = aspect >= 1 ? Math.round(long / aspect) : long;
  // Never past 3000x2000 (or 2000x3000).
  const scale = Math.min(1, 3000 / Math.max(width, height), 2000 / Math.min(width, height));
  width = Math.max(16, Math.round(width * scale));
  height = Math.max(16, Math.round(height * scale));
  return { width, height };
}

export async function paintImage(rng: Rng, seed: number, kind: ImageKind, label: string): Promise<PaintedImage> {
  const { width, height } = pickSize(rng, kind);
  const raw = { raw: { width, height, channels: 3 as const } };
  switch (kind) {
    case 'photo-jpeg': {
      const pixels = await photoPixels(rng, seed, label, width, height, rng.int(5, 12));
      const data = await sharp(pixels, raw).jpeg({ quality: rng.int(75, 92) }).toBuffer();
      return { data, ext: 'jpg', width, height };
    }
    case 'exif-jpeg': {
      // The pixels are stored sideways and the EXIF Orientation (6: rotate 90° clockwise to show,
      // 8: 90° counter-clockwise) says how to show them, as phones do.
      const pixels = await photoPixels(rng, seed, label, width, height, rng.int(6, 12));
      const orientation = rng.next() < 0.5 ? 6 : 8;
      const data = await sharp(pixels, raw).jpeg({ quality: rng.int(80, 92) }).withMetadata({ orientation }).toBuffer();
      return { data, ext: 'jpg', width, height };
    }
    case 'cmyk-jpeg': {
      const pixels = await photoPixels(rng, seed, label, width, height, rng.int(2, 6));
      const data = await sharp(pixels, raw).toColourspace('cmyk').jpeg({ quality: rng.int(80, 92) }).toBuffer();
      return { data, ext: 'jpg', width, height };
    }
    case 'webp': {
      const pixels = await photoPixels(rng, seed, label, width, height, rng.int(6, 12));
      const data = await sharp(pixels, raw).webp({ quality: rng.int(70, 85) }).toBuffer();
      return { data, ext: 'webp', width, height };
    }
    case 'png-alpha': {
      // Graphics, not photos: little grain, or PNG (lossless) would be many times a JPEG's size.
      const rgb = await photoPixels(rng, seed, label, width, height, rng.int(0, 1));
      const alpha = await alphaMask(rng, width, height);
      const data = await sharp(rgb, raw).joinChannel(alpha, { raw: { width, height, channels: 1 } }).png({ compressionLevel: 6 }).toBuffer();
      return { data, ext: 'png', width, height };
    }
    case 'gif': {
      const pixels = await photoPixels(rng, seed, label, width, height, rng.int(0, 4));
      const data = await sharp(pixels, raw).gif({ colours: rng.pick([16, 64, 256]) }).toBuffer();
      return { data, ext: 'gif', width, height };
    }
  }
}
