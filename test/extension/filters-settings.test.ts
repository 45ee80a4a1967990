import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFilter, compilePattern, defaultFilter } from '../../extension/filters.js';
import { jobOptions, normaliseAddress, sanitiseSettings, DEFAULT_SETTINGS } from '../../extension/settings.js';
import { badgeFor } from '../../extension/background/badge-text.js';
import type { MediaEntry } from '../../shared/extract/types.js';

const entry = (url: string, kind: MediaEntry['kind'], width?: number, height?: number): MediaEntry => ({
  url, kind, sources: ['img'], referer: 'https://p.example/', ...(width ? { width } : {}), ...(height ? { height } : {}),
});
const media = [
  entry('https://a.example/big.jpg', 'image', 1600, 900),
  entry('https://a.example/small.png', 'image', 40, 40),
  entry('https://a.example/bg.webp', 'image'),
  entry('https://a.example/clip.mp4', 'video', 1280, 720),
  entry('https://a.example/doc.pdf', 'file'),
];
const urls = (list: MediaEntry[]) => list.map((m) => m.url.replace('https://a.example/', ''));

test('minimum sizes drop only media known to be smaller', () => {
  assert.deepEqual(urls(applyFilter(media, defaultFilter(100, 100))), ['big.jpg', 'bg.webp', 'clip.mp4', 'doc.pdf']);
  assert.deepEqual(urls(applyFilter(media, { ...defaultFilter(), minHeight: 800 })), ['big.jpg', 'bg.webp', 'doc.pdf']);
});

test('kinds and include/exclude patterns (substring, wildcard, regex)', () => {
  const noFiles = defaultFilter();
  noFiles.kinds.file = false;
  noFiles.kinds.video = false;
  assert.deepEqual(urls(applyFilter(media, noFiles)), ['big.jpg', 'small.png', 'bg.webp']);
  assert.deepEqual(urls(applyFilter(media, { ...defaultFilter(), include: 'BIG' })), ['big.jpg']);
  assert.deepEqual(urls(applyFilter(media, { ...defaultFilter(), include: '*.p*' })), ['small.png', 'doc.pdf']);
  assert.deepEqual(urls(applyFilter(media, { ...defaultFilter(), exclude: '/\\.(jpg|png)$/' })), ['bg.webp', 'clip.mp4', 'doc.pdf']);
  assert.equal(compilePattern('/[/')?.('anything'), false, 'an invalid regex matches nothing');
  assert.equal(compilePattern('   '), undefined);
});

test('addresses are loopback only', () => {
  assert.equal(normaliseAddress('127.0.0.1:9000'), '127.0.0.1:9000');
  assert.equal(normaliseAddress('ws://localhost:9001/'), '127.0.0.1:9001');
  assert.equal(normaliseAddress('[::1]:9002'), '[::1]:9002');
  assert.equal(normaliseAddress('127.0.0.1'), '127.0.0.1:7465');
  assert.equal(normaliseAddress('example.com:7465'), undefined);
  assert.equal(normaliseAddress('192.168.1.2:7465'), undefined);
});

test('settings are sanitised and map onto job options', () => {
  assert.deepEqual(sanitiseSettings(undefined), { ...DEFAULT_SETTINGS });
  const s = sanitiseSettings({ address: 'evil.example:1', target: '../x', fileExtensions: 'PDF, .Zip', thumbnails: true, minWidth: -5, minHeight: 300.4, redirects: false, cookieSites: ['B.example', 'a.example', 'b.example', 3] });
  assert.deepEqual(s, { address: DEFAULT_SETTINGS.address, target: '', fileExtensions: ['pdf', 'zip'], thumbnails: true, minWidth: 0, minHeight: 300, redirects: false, cookieSites: ['a.example', 'b.example'] });
  assert.deepEqual(jobOptions(s), { redirects: false, thumbs: { small: [50, 50], big: [270, 270] }, minHeight: 300 });
});

test('badge: percentage while running, ✓ or the failure count after', () => {
  const head = (state: 'waiting' | 'running' | 'done', stored: number, failed: number) => ({
    key: 'k', pageUrl: '', title: '', state, createdAt: 0, counts: { total: 4, waiting: 4 - stored - failed, active: 0, stored, uptodate: 0, failed },
  });
  assert.equal(badgeFor(head('waiting', 0, 0)).text, '…');
  assert.equal(badgeFor(head('running', 1, 0)).text, '25%');
  assert.equal(badgeFor(head('done', 4, 0)).text, '✓');
  assert.equal(badgeFor(head('done', 2, 2)).text, '2');
});
