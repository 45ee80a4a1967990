import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveSettings, settingsFromEnv, redactSettings } from '../../../companion/config/settings.js';
import { parseThumbs } from '../../../companion/config/cli-settings.js';

test('defaults are Scrapy\'s, except redirects', () => {
  const s = resolveSettings();
  assert.equal(s.FILES_EXPIRES, 90);
  assert.equal(s.IMAGES_URLS_FIELD, 'image_urls');
  assert.equal(s.CONCURRENT_REQUESTS, 16);
  assert.equal(s.CONCURRENT_REQUESTS_PER_DOMAIN, 8);
  assert.equal(s.DOWNLOAD_MAXSIZE, 1024 ** 3);
  assert.equal(s.RETRY_TIMES, 2);
  assert.equal(s.MEDIA_ALLOW_REDIRECTS, true);
  assert.equal(s.FILES_STORE, undefined);
  assert.ok(Object.isFrozen(s));
});

test('later layers win and strings are coerced like Scrapy\'s getint/getbool/getdict', () => {
  const s = resolveSettings(
    { IMAGES_MIN_WIDTH: 10, MEDIA_ALLOW_REDIRECTS: true },
    settingsFromEnv({ IMAGES_MIN_WIDTH: '110', MEDIA_ALLOW_REDIRECTS: 'False', IMAGES_THUMBS: '{"small": [50, 50]}', UNRELATED: 'x' }),
  );
  assert.equal(s.IMAGES_MIN_WIDTH, 110);
  assert.equal(s.MEDIA_ALLOW_REDIRECTS, false);
  assert.deepEqual(s.IMAGES_THUMBS, { small: [50, 50] });
  assert.equal(s.UNRELATED, undefined, 'the environment only supplies known settings');
});

test('bad values are configuration errors naming the setting', () => {
  assert.throws(() => resolveSettings({ IMAGES_MIN_WIDTH: 'wide' }), { code: 'ERR_CONFIG_INVALID', message: /IMAGES_MIN_WIDTH/ });
  assert.throws(() => resolveSettings({ MEDIA_ALLOW_REDIRECTS: 'maybe' }), { message: /MEDIA_ALLOW_REDIRECTS/ });
  assert.throws(() => resolveSettings({ IMAGES_THUMBS: { small: [50] } }), { message: /IMAGES_THUMBS.small/ });
  assert.throws(() => resolveSettings({ IMAGES_THUMBS: { '../x': [5, 5] } }), { message: /IMAGES_THUMBS/ });
  assert.throws(() => resolveSettings({ CONCURRENT_REQUESTS: 0 }), { message: /CONCURRENT_REQUESTS/ });
});

test('an empty store turns that pipeline off; secrets are redacted for printing', () => {
  assert.equal(resolveSettings({ FILES_STORE: '' }).FILES_STORE, undefined);
  const shown = redactSettings(resolveSettings({ AWS_SECRET_ACCESS_KEY: 'hunter2', FTP_PASSWORD: 'pw' }));
  assert.equal(shown.AWS_SECRET_ACCESS_KEY, '***');
  assert.equal(shown.FTP_PASSWORD, '***');
});

test('--thumbs parses name=WxH lists', () => {
  assert.deepEqual(parseThumbs('small=50x50, big=270x270'), { small: [50, 50], big: [270, 270] });
  assert.throws(() => parseThumbs('small=50'), { code: 'ERR_CONFIG_INVALID' });
});
