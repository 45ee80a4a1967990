// data: URLs are "downloaded" by decoding them, like Scrapy's data-URI handler (w3lib parse_data_uri):
// percent-decode, split the header at the first comma, base64-decode when the header ends in ;base64.
import { GleanerError } from '../../../shared/errors.js';

export interface DecodedDataUrl {
  mediaType: string;
  body: Buffer;
}

export function decodeDataUrl(url: string): DecodedDataUrl {
  const rest = url.slice(url.indexOf(':') + 1);
  let decoded: Buffer;
  try {
    decoded = percentDecodeToBytes(rest);
  } catch {
    throw new GleanerError('ERR_DOWNLOAD_DATA_URL', 'invalid data URI: bad percent-encoding');
  }
  const comma = decoded.indexOf(0x2c);
  if (comma < 0) throw new GleanerError('ERR_DOWNLOAD_DATA_URL', 'invalid data URI: no comma');
  const header = decoded.subarray(0, comma).toString('latin1');
  const data = decoded.subarray(comma + 1);
  const base64 = /;base64$/i.test(header);
  const typePart = (base64 ? header.slice(0, -';base64'.length) : header).split(';')[0]!.trim();
  const mediaType = /^[\w.+-]+\/[\w.+-]+$/.test(typePart) ? typePart.toLowerCase() : 'text/plain';
  if (!base64) return { mediaType, body: Buffer.from(data) };
  const text = data.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, '');
  if (text.replace(/=+$/, '').length % 4 === 1) {
    throw new GleanerError('ERR_DOWNLOAD_DATA_URL', 'invalid data URI: bad base64 padding');
  }
  return { mediaType, body: Buffer.from(text, 'base64') };
}

// Like Python's unquote_to_bytes: %XX becomes the byte, everything else is kept as written.
function percentDecodeToBytes(text: string): Buffer {
  const bytes: number[] = [];
  const raw = Buffer.from(text, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (byte === 0x25 && i + 2 < raw.length + 0 && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
      bytes.push(Number.parseInt(String.fromCharCode(raw[i + 1]!, raw[i + 2]!), 16));
      i += 2;
    } else {
      bytes.push(byte);
    }
  }
  return Buffer.from(bytes);
}

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));
}
