// A local web site with every kind of media the extension should find, served on 127.0.0.1 port 0:
// real PNGs (the companion's image pipeline decodes them), a PDF, a video file, lazy, srcset, CSS
// backgrounds (inline and ::before), a declarative shadow root, a same-origin frame, a broken image,
// and a page of 10,000 images; and a copy of the XenForo thread fixture where the built-in preset's
// pattern (`*://*/threads/*`, any host and port) matches it. Records every request so tests can see what
// the companion fetched.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT } from './build-extension.js';

/** Where the site serves test/fixtures/presets/xenforo-thread.html. */
export const FORUM_THREAD_PATH = '/threads/trail-photos-2024.1234/';
export const FORUM_THREAD_HTML = readFileSync(path.join(REPO_ROOT, 'test/fixtures/presets/xenforo-thread.html'), 'utf8');

export interface SiteRequest {
  path: string;
  userAgent: string;
  referer: string | undefined;
}

export interface MediaSite {
  origin: string;
  /** Every request, in order: the browser's (user agent with "Chrome") and the companion's. */
  requests: SiteRequest[];
  /** Absolute URL of a path on the site. */
  url(path: string): string;
  close(): Promise<void>;
}

const IMAGES: Record<string, [number, number, string]> = {
  '/img/red-400x300.png': [400, 300, '#d00'],
  '/img/small-thumb.png': [100, 75, '#006'],
  '/img/blue-800x600.png': [800, 600, '#00d'],
  '/img/lazy-green-300x300.png': [300, 300, '#0a0'],
  '/img/bg-yellow-200x100.png': [200, 100, '#dd0'],
  '/img/pseudo-purple-120x80.png': [120, 80, '#808'],
  '/img/shadow-cyan-150x150.png': [150, 150, '#0dd'],
  '/img/frame-orange-160x90.png': [160, 90, '#f80'],
  '/img/poster-gray-320x180.png': [320, 180, '#888'],
  '/img/tile.png': [64, 48, '#345'],
  '/img/second-page-500x500.png': [500, 500, '#a52'],
};

/** What the gallery page shows, and what a scan must find (the largest srcset candidate only). */
export const GALLERY_MEDIA = [
  '/img/red-400x300.png',
  '/img/blue-800x600.png',
  '/img/lazy-green-300x300.png',
  '/img/bg-yellow-200x100.png',
  '/img/pseudo-purple-120x80.png',
  '/img/shadow-cyan-150x150.png',
  '/img/frame-orange-160x90.png',
  '/img/poster-gray-320x180.png',
  '/media/clip.mp4',
  '/files/report.pdf',
  '/img/missing.png',
];

const GIF_PIXEL = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

const PAGES: Record<string, string> = {
  '/gallery.html': `<!doctype html><html><head><title>Test gallery</title>
<style>.pseudo::before { content: ''; display: block; width: 120px; height: 80px; background-image: url(/img/pseudo-purple-120x80.png); }</style>
</head><body>
<h1>Gallery</h1>
<img src="/img/red-400x300.png" width="400" height="300" alt="Red photo">
<img src="/img/small-thumb.png" srcset="/img/small-thumb.png 100w, /img/blue-800x600.png 800w" sizes="100px" alt="Blue photo">
<img src="${GIF_PIXEL}" data-src="/img/lazy-green-300x300.png" alt="Lazy green">
<div style="width:200px;height:100px;background-image:url('/img/bg-yellow-200x100.png')"></div>
<div class="pseudo"></div>
<div id="host"><template shadowrootmode="open"><img src="/img/shadow-cyan-150x150.png" alt="In shadow"></template></div>
<iframe src="/frame.html" width="200" height="120"></iframe>
<video src="/media/clip.mp4" poster="/img/poster-gray-320x180.png" width="320" height="180"></video>
<p><a href="/files/report.pdf">Annual report</a> <a href="/about.html">About</a></p>
<img src="/img/missing.png" alt="Broken">
</body></html>`,
  '/frame.html': `<!doctype html><html><body><img src="/img/frame-orange-160x90.png" alt="In frame"></body></html>`,
  '/second.html': `<!doctype html><html><head><title>Second page</title></head><body><img src="/img/second-page-500x500.png" width="500" height="500"></body></html>`,
  '/about.html': '<!doctype html><p>about</p>',
  [FORUM_THREAD_PATH]: FORUM_THREAD_HTML,
};

function bigPage(count: number): string {
  const cells = Array.from({ length: count }, (_, i) => `<img src="/img/tile.png?n=${i}" width="64" height="48" alt="tile ${i}" loading="lazy">`);
  return `<!doctype html><html><head><title>Ten thousand</title></head><body>${cells.join('')}</body></html>`;
}

export async function startMediaSite(): Promise<MediaSite> {
  const images = new Map<string, Buffer>();
  for (const [path, [width, height, color]] of Object.entries(IMAGES)) {
    images.set(path, await sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer());
  }
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const video = Buffer.alloc(4096, 7);
  const big = bigPage(10_000);
  const requests: SiteRequest[] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path, userAgent: req.headers['user-agent'] ?? '', referer: req.headers.referer });
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const page = PAGES[path];
    if (page) return send('text/html; charset=utf-8', page);
    if (path === '/big.html') return send('text/html; charset=utf-8', big);
    const image = images.get(path);
    if (image) return send('image/png', image);
    if (path === '/files/report.pdf') return send('application/pdf', pdf);
    if (path === '/media/clip.mp4') return send('video/mp4', video);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    url: (path) => `${origin}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
