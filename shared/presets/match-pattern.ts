// URL match patterns in the WebExtension syntax users already know from manifests
// (`<scheme>://<host><path>`, `*` wildcards, `*.example.com`, `<all_urls>`), plus an optional port,
// and a specificity so "the most specific matching preset applies" has one written-down meaning.
//
// Differences from the browsers' rules, on purpose: the path is matched against pathname + query (as
// Chrome does), a pattern without a port matches any port, and only http and https pages exist here.

export interface MatchPattern {
  readonly source: string;
  /** '*' (http or https), 'http' or 'https'. */
  readonly scheme: string;
  /** '*' any host; '*.example.com' the domain and its subdomains; else one exact host (lower case). */
  readonly host: string;
  readonly port: string | undefined;
  readonly path: RegExp;
  readonly specificity: Specificity;
}

/**
 * Compared element by element, larger wins: host kind (exact 2, subdomain wildcard 1, any 0), host
 * labels, port given, literal characters in the path, scheme given.
 */
export type Specificity = readonly [number, number, number, number, number];

const PATTERN = /^(\*|https?):\/\/(\*|\*\.[^/:*]+|[^/:*]+)(?::(\d{1,5}))?(\/.*)$/;

/** Parses a pattern, or returns a sentence saying what is wrong with it. */
export function parseMatchPattern(source: string): MatchPattern | string {
  if (source === '<all_urls>') return compile(source, '*', '*', undefined, '/*');
  const match = PATTERN.exec(source);
  if (!match) {
    if (!/^[a-z*]+:\/\//i.test(source)) return 'a match pattern must start with http://, https:// or *:// (or be <all_urls>)';
    if (!/^[^/]+:\/\/[^/]+\//.test(source)) return 'a match pattern needs a path after the host, e.g. /* ';
    return 'the host may be *, *.example.com or example.com (with an optional :port), and * may appear in the host only at its start';
  }
  const [, scheme, rawHost, port, path] = match as unknown as [string, string, string, string | undefined, string];
  const host = rawHost.toLowerCase();
  if (host !== '*' && !/^(\*\.)?[a-z0-9\-_.[\]]+$/.test(host)) return `the host ${JSON.stringify(rawHost)} is not a host name`;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `the port ${port} is not between 1 and 65535`;
  return compile(source, scheme, host, port, path);
}

function compile(source: string, scheme: string, host: string, port: string | undefined, path: string): MatchPattern {
  const regex = new RegExp(`^${path.split('*').map(escapeRegExp).join('.*')}$`, 's');
  const hostKind = host === '*' ? 0 : host.startsWith('*.') ? 1 : 2;
  const labels = host === '*' ? 0 : host.replace(/^\*\./, '').split('.').length;
  const literal = path.replace(/\*/g, '').length;
  return {
    source,
    scheme,
    host,
    port,
    path: regex,
    specificity: [hostKind, labels, port === undefined ? 0 : 1, literal, scheme === '*' ? 0 : 1],
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when `url` (already parsed) is matched by the pattern. */
export function matchesPattern(pattern: MatchPattern, url: URL): boolean {
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') return false;
  if (pattern.scheme !== '*' && pattern.scheme !== scheme) return false;
  const host = url.hostname.toLowerCase();
  if (pattern.host !== '*') {
    if (pattern.host.startsWith('*.')) {
      const domain = pattern.host.slice(2);
      if (host !== domain && !host.endsWith(`.${domain}`)) return false;
    } else if (host !== pattern.host) {
      return false;
    }
  }
  if (pattern.port !== undefined && effectivePort(url) !== pattern.port) return false;
  return pattern.path.test(url.pathname + url.search);
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

export function compareSpecificity(a: Specificity, b: Specificity): number {
  for (let i = 0; i < a.length; i++) {
    const diff = a[i]! - b[i]!;
    if (diff !== 0) return diff;
  }
  return 0;
}
