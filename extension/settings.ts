// The extension's settings: defaults, validation of what storage or a page hands back, and the job
// options they imply. Kept in storage.local under one key; the token never leaves the background.
import { DEFAULT_FILE_EXTENSIONS, normaliseExtensions } from '../shared/extract/file-types.js';
import { DEFAULT_PORT, type JobOptions } from '../shared/protocol/index.js';

export interface GleanerSettings {
  /** host:port of the companion on loopback. */
  address: string;
  /** Default storage target; empty means the companion's default target. */
  target: string;
  fileExtensions: string[];
  thumbnails: boolean;
  minWidth: number;
  minHeight: number;
  redirects: boolean;
  /** Sites (host names; subdomains included) whose media get their own cookies forwarded. */
  cookieSites: string[];
}

/** Settings as the UI sees them: the token stays in the background, only whether one exists shows. */
export interface SettingsView extends GleanerSettings {
  paired: boolean;
}

export const DEFAULT_ADDRESS = `127.0.0.1:${DEFAULT_PORT}`;

export const DEFAULT_SETTINGS: Readonly<GleanerSettings> = Object.freeze({
  address: DEFAULT_ADDRESS,
  target: '',
  fileExtensions: [...DEFAULT_FILE_EXTENSIONS],
  thumbnails: false,
  minWidth: 0,
  minHeight: 0,
  redirects: true,
  cookieSites: [],
});

/** Scrapy's documentation example sizes, used when the user turns thumbnails on. */
export const THUMBNAIL_SIZES: Record<string, [number, number]> = { small: [50, 50], big: [270, 270] };

/**
 * "127.0.0.1:7465", "ws://[::1]:7465/", "localhost" → a loopback host:port, or undefined. The extension's
 * CSP only allows ws:// to 127.0.0.1 and [::1], so anything else could never connect anyway.
 */
export function normaliseAddress(input: string): string | undefined {
  let text = input.trim();
  if (!text) return undefined;
  if (!/^wss?:\/\//i.test(text)) text = `ws://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  if (host !== '127.0.0.1' && host !== '[::1]') return undefined;
  const port = url.port || String(DEFAULT_PORT);
  return `${host}:${port}`;
}

export function websocketUrl(address: string): string {
  return `ws://${address}/`;
}

const clampInt = (value: unknown, fallback: number, max = 100_000): number =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(0, Math.round(value))) : fallback;

/** Accepts anything (storage, a message) and returns complete, valid settings. */
export function sanitiseSettings(value: unknown): GleanerSettings {
  const input = (value && typeof value === 'object' ? value : {}) as Partial<Record<keyof GleanerSettings, unknown>>;
  const address = typeof input.address === 'string' ? normaliseAddress(input.address) : undefined;
  const target = typeof input.target === 'string' && /^[A-Za-z0-9_.-]{0,64}$/.test(input.target) ? input.target : '';
  const extensions =
    Array.isArray(input.fileExtensions) || typeof input.fileExtensions === 'string'
      ? normaliseExtensions(input.fileExtensions as string[] | string)
      : [...DEFAULT_SETTINGS.fileExtensions];
  const sites = Array.isArray(input.cookieSites) ? input.cookieSites.filter((s): s is string => typeof s === 'string') : [];
  return {
    address: address ?? DEFAULT_SETTINGS.address,
    target,
    fileExtensions: extensions,
    thumbnails: typeof input.thumbnails === 'boolean' ? input.thumbnails : DEFAULT_SETTINGS.thumbnails,
    minWidth: clampInt(input.minWidth, DEFAULT_SETTINGS.minWidth),
    minHeight: clampInt(input.minHeight, DEFAULT_SETTINGS.minHeight),
    redirects: typeof input.redirects === 'boolean' ? input.redirects : DEFAULT_SETTINGS.redirects,
    cookieSites: [...new Set(sites.map((s) => s.trim().toLowerCase()).filter(Boolean))].sort(),
  };
}

/** The per-job pipeline options these settings ask for. */
export function jobOptions(settings: GleanerSettings): JobOptions {
  const options: JobOptions = { redirects: settings.redirects };
  if (settings.thumbnails) options.thumbs = THUMBNAIL_SIZES;
  if (settings.minWidth > 0) options.minWidth = settings.minWidth;
  if (settings.minHeight > 0) options.minHeight = settings.minHeight;
  return options;
}
