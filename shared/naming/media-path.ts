// Where a media file is stored, relative to the store root: Scrapy 2.18's `FilesPipeline.file_path`,
// `ImagesPipeline.file_path` and `ImagesPipeline.thumb_path` (reference rules 16-17). All three take
// `Request.url`, the string `toRequestUrl`/`safeUrlString` returns, because Scrapy hashes that
// normalised URL, not the one found in the item.

import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { urlparse } from '../url/python-urlparse.js';
import { guessExtension, guessType, isKnownExtension } from './mime-types.js';
import { purePosixSuffix } from './python-path.js';

/** `hashlib.sha1(to_bytes(request.url)).hexdigest()`: the file's name without extension. */
export function mediaGuid(requestUrl: string): string {
  return bytesToHex(sha1(utf8ToBytes(requestUrl)));
}

/**
 * The extension Scrapy 2.18 gives a stored file (`.pdf`, `.jpg`, `.tar`, or ``):
 * 1. the suffix of the parsed URL path (`urlparse(url).path`, so query, fragment and `;params` are
 *    out of the way and a trailing `/` is ignored), if it is a key of the built-in types map;
 * 2. else the suffix of the whole URL treated as a path (`get.php?f=a.jpg` → `.jpg`), if known;
 * 3. else `guess_extension(guess_type(url))`, which lower-cases (`.JPG` → `.jpg`), maps compressed
 *    tarballs to `.tar` and reads `data:` media types; `None` (sic) for a `data:` type the table has
 *    no extension for; `` when no type is guessed.
 */
export function mediaExtension(requestUrl: string): string {
  let ext = purePosixSuffix(urlparse(requestUrl).path);
  if (!isKnownExtension(ext)) ext = purePosixSuffix(requestUrl);
  if (!isKnownExtension(ext)) {
    const type = guessType(requestUrl);
    // Scrapy formats `f"full/{media_guid}{media_ext}"` with whatever guess_extension returned, so a type
    // with no extension in the built-in table gives the literal text "None". Only `data:` URLs can get
    // there (`data:image/webp,…`, `data:image/jpg,…`); we keep it, since exact paths are the contract.
    ext = type ? (guessExtension(type) ?? 'None') : '';
  }
  return ext;
}

/** `FilesPipeline.file_path`: `full/<sha1 of the URL><extension>`. */
export function filePath(requestUrl: string): string {
  return `full/${mediaGuid(requestUrl)}${mediaExtension(requestUrl)}`;
}

/** `ImagesPipeline.file_path`: always `.jpg`, whatever the source format (images are stored as JPEG). */
export function imagePath(requestUrl: string): string {
  return `full/${mediaGuid(requestUrl)}.jpg`;
}

/** `ImagesPipeline.thumb_path`: `thumbs/<thumb id>/<sha1 of the URL>.jpg`. */
export function thumbPath(requestUrl: string, thumbId: string): string {
  return `thumbs/${thumbId}/${mediaGuid(requestUrl)}.jpg`;
}
