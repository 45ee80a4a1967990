// Which media URLs may carry the browser's cookies to the companion. Off by default; on only for sites
// the user turned it on for; never for sensitive sites (banks, payment, mail, identity providers,
// governments, health), whatever the user's list says. Pure, so the rules are unit-tested.

/** Exact host names, and their subdomains, that never get cookies forwarded. */
export const SENSITIVE_HOSTS: readonly string[] = [
  // Mail and identity
  'mail.google.com', 'accounts.google.com', 'myaccount.google.com', 'gmail.com', 'outlook.com', 'outlook.live.com',
  'outlook.office.com', 'outlook.office365.com', 'login.live.com', 'login.microsoftonline.com', 'account.microsoft.com',
  'mail.yahoo.com', 'login.yahoo.com', 'proton.me', 'protonmail.com', 'icloud.com', 'appleid.apple.com',
  'fastmail.com', 'zoho.com', 'mail.ru', 'gmx.net', 'gmx.com', 'web.de', 'yandex.ru', 'tutanota.com', 'tuta.com',
  'aol.com', 'hey.com', 'okta.com', 'auth0.com', 'login.gov', 'id.me',
  // Payment and banking
  'paypal.com', 'stripe.com', 'wise.com', 'revolut.com', 'venmo.com', 'cash.app', 'klarna.com', 'chase.com',
  'bankofamerica.com', 'wellsfargo.com', 'citi.com', 'citibank.com', 'capitalone.com', 'usbank.com', 'pnc.com',
  'americanexpress.com', 'discover.com', 'schwab.com', 'fidelity.com', 'vanguard.com', 'hsbc.com', 'hsbc.co.uk',
  'barclays.co.uk', 'barclays.com', 'lloydsbank.com', 'natwest.com', 'santander.com', 'santander.co.uk', 'bnpparibas', 'bnpparibas.com', 'bnpparibas.fr',
  'societegenerale.fr', 'credit-agricole.fr', 'deutsche-bank.de', 'commerzbank.de', 'sparkasse.de', 'ing.com',
  'ing.de', 'ing.nl', 'rabobank.nl', 'abnamro.nl', 'ubs.com', 'credit-suisse.com', 'nordea.com', 'rbc.com',
  'td.com', 'scotiabank.com', 'commbank.com.au', 'westpac.com.au', 'anz.com', 'nab.com.au', 'n26.com', 'monzo.com',
  'starlingbank.com', 'coinbase.com', 'binance.com', 'kraken.com',
  // Health and tax
  'mychart.com', 'healthcare.gov', 'nhs.uk', 'irs.gov', 'hmrc.gov.uk',
];

/** Public-sector and sensitive suffixes: any host under them is denied (gov.uk, *.gov, gouv.fr, …). */
export const SENSITIVE_SUFFIXES: readonly string[] = [
  'gov', 'mil', 'gov.uk', 'gov.au', 'gov.in', 'gov.br', 'gov.cn', 'gov.za', 'gov.sg', 'gov.ie', 'gov.it', 'gov.pl',
  'gc.ca', 'canada.ca', 'gouv.fr', 'gouv.qc.ca', 'bund.de', 'admin.ch', 'overheid.nl', 'gob.es', 'gob.mx',
  'govt.nz', 'go.jp', 'go.kr', 'europa.eu', 'bank', 'insurance',
];

export function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
}

/** True when host is `site` or a subdomain of it. */
export function hostMatches(host: string, site: string): boolean {
  const h = normaliseHost(host);
  const s = normaliseHost(site);
  return s.length > 0 && (h === s || h.endsWith(`.${s}`));
}

export function isSensitiveHost(host: string): boolean {
  const h = normaliseHost(host);
  if (SENSITIVE_HOSTS.some((site) => hostMatches(h, site))) return true;
  // A host is under a sensitive suffix when the suffix is a whole trailing label sequence.
  if (SENSITIVE_SUFFIXES.some((suffix) => h === suffix || h.endsWith(`.${suffix}`))) return true;
  // Bank-like words anywhere in the name ("mybank.example", "online-banking.example"): a false positive
  // only means no cookies, a false negative could leak a session.
  return /bank|banque|bancaire|sparkasse/.test(h) || /(^|\.)(mail|webmail|login|signin|auth|sso|id)\./.test(h);
}

/**
 * A site the user types: "Example.com", "https://www.example.com/x", "*.example.com" → "example.com" /
 * "www.example.com". undefined when it is not a host name.
 */
export function parseSite(input: string): string | undefined {
  let text = input.trim().toLowerCase();
  if (!text) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) {
    try {
      text = new URL(text).hostname;
    } catch {
      return undefined;
    }
  }
  text = normaliseHost(text.split('/')[0]!.split(':')[0]!);
  return /^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z0-9-]{2,63}$/.test(text) || text === 'localhost' ? text : undefined;
}

export type CookieDecision = { forward: true; site: string } | { forward: false; reason: 'not-enabled' | 'sensitive' | 'not-http' };

/** Whether the cookies of `mediaUrl` may be forwarded, given the sites the user enabled. */
export function cookieDecision(mediaUrl: string, enabledSites: readonly string[]): CookieDecision {
  let url: URL;
  try {
    url = new URL(mediaUrl);
  } catch {
    return { forward: false, reason: 'not-http' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { forward: false, reason: 'not-http' };
  if (isSensitiveHost(url.hostname)) return { forward: false, reason: 'sensitive' };
  const site = enabledSites.find((s) => hostMatches(url.hostname, s));
  return site ? { forward: true, site } : { forward: false, reason: 'not-enabled' };
}

/** Host permission pattern for a cookie-forwarding site: `*.site` matches the site and its subdomains. */
export function originsFor(site: string): string[] {
  return [`*://*.${site}/*`];
}
