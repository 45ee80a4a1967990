// Paths computed with Scrapy 2.18's FilesPipeline.file_path (transcribed) over CPython 3.11.7 and the
// built-in mimetypes tables; sha1 values are hashlib's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filePath, imagePath, mediaExtension, mediaGuid, thumbPath } from '../../../shared/naming/media-path.js';
import { toRequestUrl } from '../../../shared/url/safe-url.js';

const FILE_PATHS: Array<[string, string]> = [
  // a. suffix of the parsed path: trailing slash ignored, fragment/query/;params out of the way
  ['https://example.com/report.pdf/', 'full/b1a90dae3bd66683e2190ca805775f000c4ed37b.pdf'],
  ['https://example.com/report.pdf#page=2', 'full/606e199afa3103e3a18d0838fedac0785c2bac65.pdf'],
  ['https://example.com/report.pdf?download=1', 'full/fddf93a57e9660b04c82ab76794933d2984b53dd.pdf'],
  ['https://example.com/photo.png?size=large', 'full/5a78e37f59344751476ab6793f80d2874524023c.png'],
  ['https://example.com/file.pdf;jsessionid=1', 'full/50a8a5bb99c925275dcc5a868938f3abcf34c535.pdf'],
  ['https://example.com/photo.jpeg', 'full/50a91a38c6a8f245c5f0cdfa0ae3fdc9cbdd7acc.jpeg'],
  // b. suffix of the whole URL
  ['https://example.com/get_img.foo?file=photo.jpg', 'full/a860c4d24a3f1704556e8cae11797ce272556d06.jpg'],
  ['http://example.com/a.php?x=1/y.gif', 'full/9fcdf210d10767e2044e37985afd3509d09418ee.gif'],
  // c. guess_extension(guess_type(url)): lower-cases, maps tarballs, reads data: URLs
  ['https://example.com/photo.JPG', 'full/62a2cd94eb4bb3ab2e0e349d2dd5919709449d1e.jpg'],
  ['https://example.com/photo.JPEG', 'full/2faf25f291ceb1619db93156b437f3568d9ae865.jpg'],
  ['https://example.com/a.Pdf', 'full/37919c164f07af13c3dd16ea16d9d20338c470cc.pdf'],
  ['https://example.com/archive.tar.gz', 'full/ccb1ea6fbaabb37f98d16b40ca7233a501fe0f45.tar'],
  ['https://example.com/archive.tgz', 'full/7e11d659c39a9cbcc3a6e18cba0a219a5d0cd67a.tar'],
  ['https://example.com/archive.tar.bz2', 'full/387d63c0e01fc8c3d1b9a3d3c1d6d28a3ad4c4ae.tar'],
  ['data:image/png;base64,iVBORw0KGgo=', 'full/6cf6d451e28e0a5ff7a8c7a4ace24d8a0977f0c1.png'],
  ['data:,x', 'full/901ddab7d7d26f2264f4b4a0c2d8d4807871002c.txt'],
  // no extension at all with the built-in table
  ['https://example.com', 'full/327c3fda87ce286848a574982ddd0b7c7487f816'],
  ['https://example.com/image.webp', 'full/0cab7555bdb7ba89b00039f808cf572c2ee8b1c5'],
  ['https://example.com/x.7z', 'full/3365bedd879da7d93a0b60e5dd81ed16485809ad'],
  ['https://example.com/doc.docx', 'full/3ee5364c03df65949523763aa84bc16c9ede9db0'],
  ['https://example.com/data.gz', 'full/a7755b7a02ebe8c24f0483e1ec3d61eddb862eb7'],
  ['https://example.com/readme.md', 'full/f98a99870cf94b92b33d04641e60ebe88d6863f3'],
  ['https://example.com/.htaccess', 'full/a5a6e94da05e06530cc90a8563c927daa6c62996'],
  ['https://example.com/file.', 'full/5c7c94216819d769a04c6b5486013a47ff60cd46'],
  ['https://example.com/noext', 'full/eed4ca0a0c3ad1ed4ce82e29b2757b824fe8a539'],
  ['https://example.com/dir.d/', 'full/652c991d2533ddd43b673c71c6da54cdc6ea8d77'],
  ['https://example.com/x.tar.gz/', 'full/910f6263f5804963ca21821b32acfd0fccca7706'],
  ['https://example.com/x.PNG?v=1', 'full/5edc81f4ebf568777ea38eb5a468c72ad7481671'],
  // Scrapy quirk: a data: type without an extension in the table formats Python's None
  ['data:image/webp;base64,UklGRg==', 'full/7287e6dea17729dc3446c06458fdf4d588d180cfNone'],
];

test('filePath reproduces Scrapy 2.18 file_path for the reference examples', () => {
  for (const [url, expected] of FILE_PATHS) assert.equal(filePath(url), expected, url);
});

test('mediaExtension follows rule 17 step by step', () => {
  assert.equal(mediaExtension('https://example.com/report.pdf/'), '.pdf');
  assert.equal(mediaExtension('https://example.com/get_img.foo?file=photo.jpg'), '.jpg');
  assert.equal(mediaExtension('https://example.com/photo.JPG'), '.jpg');
  assert.equal(mediaExtension('https://example.com/photo.jpeg'), '.jpeg');
  assert.equal(mediaExtension('https://example.com/archive.tar.gz'), '.tar');
  assert.equal(mediaExtension('https://example.com'), '');
});

test('the name is the SHA1 of Request.url, so normalisation happens first', () => {
  const requestUrl = toRequestUrl('https://Example.com/a b.txt');
  assert.equal(requestUrl, 'https://example.com/a%20b.txt');
  assert.equal(filePath(requestUrl), 'full/e94fd1c04113f19c291770b400f2eabb0489bf70.txt');
  assert.equal(mediaGuid('http://example.com/data.json?b=2&a=1'), '69999e5795a70d610a3e46e07e4efec3905f57bd');
  assert.equal(mediaGuid('http://example.com/data.json?a=1&b=2'), '82cacf06f08fd4116b230b8a1491a6325d59fc0d');
});

test('images are always full/<sha1>.jpg and thumbs/<id>/<sha1>.jpg', () => {
  const url = 'https://example.com/photo.png?size=large';
  assert.equal(imagePath(url), 'full/5a78e37f59344751476ab6793f80d2874524023c.jpg');
  assert.equal(thumbPath(url, 'small'), 'thumbs/small/5a78e37f59344751476ab6793f80d2874524023c.jpg');
  assert.equal(imagePath('https://example.com/image.webp'), 'full/0cab7555bdb7ba89b00039f808cf572c2ee8b1c5.jpg');
});
