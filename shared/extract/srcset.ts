// srcset parsing after the HTML standard's algorithm, simplified: URLs may contain commas (image CDNs put
// `w_300,h_200` in paths), so a candidate's URL runs to the next whitespace and only a trailing comma
// ends it. Descriptors are `<n>w`, `<n>x` or `<n>h`; anything else leaves the candidate with density 1.

export interface SrcsetCandidate {
  url: string;
  width?: number;
  density?: number;
}

/** HTML whitespace: tab, LF, FF, CR, space (char codes; a regex per character is slow on 10,000 images). */
const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 12 || code === 13;

export function parseSrcset(value: string): SrcsetCandidate[] {
  const candidates: SrcsetCandidate[] = [];
  let pos = 0;
  const n = value.length;
  while (pos < n) {
    while (pos < n && (isSpace(value.charCodeAt(pos)) || value.charCodeAt(pos) === 44)) pos++;
    if (pos >= n) break;
    const urlStart = pos;
    while (pos < n && !isSpace(value.charCodeAt(pos))) pos++;
    let url = value.slice(urlStart, pos);
    let descriptors = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      const descStart = pos;
      let depth = 0;
      while (pos < n) {
        const ch = value[pos]!;
        if (ch === '(') depth++;
        else if (ch === ')') depth = Math.max(0, depth - 1);
        else if (ch === ',' && depth === 0) break;
        pos++;
      }
      descriptors = value.slice(descStart, pos).trim();
      pos++;
    }
    if (url) candidates.push(withDescriptors(url, descriptors));
  }
  return candidates;
}

function withDescriptors(url: string, descriptors: string): SrcsetCandidate {
  const candidate: SrcsetCandidate = { url };
  if (!descriptors) return candidate;
  for (const token of descriptors.split(/\s+/)) {
    const match = /^(\d+(?:\.\d+)?)([wxh])$/i.exec(token);
    if (!match) continue;
    const number = Number(match[1]);
    const unit = match[2]!.toLowerCase();
    if (unit === 'w' && number > 0) candidate.width = number;
    else if (unit === 'x' && number > 0) candidate.density = number;
  }
  return candidate;
}

/**
 * The candidate with the most pixels: the largest width descriptor, else the highest density. Width and
 * density candidates are not comparable, so when a list mixes them width wins (it is the more specific).
 */
export function largestCandidate(candidates: readonly SrcsetCandidate[]): SrcsetCandidate | undefined {
  let best: SrcsetCandidate | undefined;
  for (const candidate of candidates) {
    if (!best) best = candidate;
    else if (compare(candidate, best) > 0) best = candidate;
  }
  return best;
}

function compare(a: SrcsetCandidate, b: SrcsetCandidate): number {
  if (a.width !== undefined || b.width !== undefined) return (a.width ?? 0) - (b.width ?? 0);
  return (a.density ?? 1) - (b.density ?? 1);
}
