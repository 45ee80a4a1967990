// Bytes of a page to text, in the page's own encoding: a byte order mark, else the Content-Type's
// charset, else a <meta charset> in the first 1024 bytes (the HTML standard's prescan, simplified),
// else UTF-8. Old forums and wikis still serve windows-1252 or Shift_JIS.

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return undefined;
  }
}

function bomEncoding(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

export function decodeHtml(bytes: Buffer, contentType: string): string {
  const fromHeader = /charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType)?.[1];
  const head = bytes.subarray(0, 1024).toString('latin1');
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([^"'\s/>;]+)/i.exec(head)?.[1];
  const decoder = decoderFor(bomEncoding(bytes)) ?? decoderFor(fromHeader) ?? decoderFor(fromMeta) ?? new TextDecoder('utf-8');
  return decoder.decode(bytes);
}
