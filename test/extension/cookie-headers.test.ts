// Cookie headers added to items at send time: only for enabled, non-sensitive sites whose host
// permission was granted, and only the cookies the browser holds for that very media URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withCookies, type CookieApi } from '../../extension/background/cookie-headers.js';
import { toItem } from '../../shared/extract/to-items.js';
import type { MediaEntry } from '../../shared/extract/types.js';

const PAGE = { pageUrl: 'https://www.gallery.example/album', title: 'Album' };
const item = (url: string) => toItem({ url, kind: 'image', sources: ['img'], referer: PAGE.pageUrl } as MediaEntry, PAGE);

function fakeBrowser(granted: string[], jar: Record<string, Array<{ name: string; value: string }>>) {
  const asked: string[] = [];
  const api: CookieApi = {
    hasPermission: async (origins) => origins.every((o) => granted.includes(o)),
    cookiesFor: async (url) => {
      asked.push(url);
      return jar[url] ?? [];
    },
  };
  return { api, asked };
}

test('adds the media URL\'s own cookies for enabled sites with a granted permission', async () => {
  const { api, asked } = fakeBrowser(['*://*.gallery.example/*'], {
    'https://img.gallery.example/1.jpg': [{ name: 'session', value: 'abc' }, { name: 'pref', value: 'x' }],
  });
  const items = [item('https://img.gallery.example/1.jpg'), item('https://img.gallery.example/2.jpg'), item('https://other.example/3.jpg')];
  const out = await withCookies(items, ['gallery.example'], api);
  assert.deepEqual(out[0]!.media_headers, { cookie: 'session=abc; pref=x' });
  assert.equal(out[1]!.media_headers, undefined, 'no cookies for that URL: no header');
  assert.equal(out[2]!.media_headers, undefined, 'another site is never asked');
  assert.deepEqual(asked, ['https://img.gallery.example/1.jpg', 'https://img.gallery.example/2.jpg']);
  assert.equal(items[0]!.media_headers, undefined, 'the stored items are not changed (cookies are never kept)');
});

test('nothing without a granted permission, for sensitive hosts, or when no site is enabled', async () => {
  const jar = { 'https://img.gallery.example/1.jpg': [{ name: 's', value: '1' }], 'https://mail.google.com/a.png': [{ name: 'SID', value: 'secret' }] };
  const notGranted = fakeBrowser([], jar);
  assert.equal((await withCookies([item('https://img.gallery.example/1.jpg')], ['gallery.example'], notGranted.api))[0]!.media_headers, undefined);
  assert.deepEqual(notGranted.asked, []);
  const sensitive = fakeBrowser(['*://*.mail.google.com/*'], jar);
  assert.equal((await withCookies([item('https://mail.google.com/a.png')], ['mail.google.com'], sensitive.api))[0]!.media_headers, undefined);
  assert.deepEqual(sensitive.asked, []);
  const none = fakeBrowser(['*://*.gallery.example/*'], jar);
  assert.equal((await withCookies([item('https://img.gallery.example/1.jpg')], [], none.api))[0]!.media_headers, undefined);
  assert.equal((await withCookies([item('https://img.gallery.example/1.jpg')], ['gallery.example'], undefined))[0]!.media_headers, undefined);
});
