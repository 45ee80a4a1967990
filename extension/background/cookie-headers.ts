// Adds a Cookie header to items whose media URL is on a site with forwarding on. Only that URL's own
// cookies: cookies.getAll({url}) applies the browser's domain, path and Secure rules for exactly that
// URL, so the page's (or any other site's) cookies never travel. Cookies are read at send time and are
// never stored with the job.
import type { MediaItem } from '../../shared/extract/to-items.js';
import { cookieDecision, originsFor } from '../cookie-policy.js';

/** The two browser calls this needs (browser.permissions.contains, browser.cookies.getAll). */
export interface CookieApi {
  hasPermission(origins: string[]): Promise<boolean>;
  cookiesFor(url: string): Promise<Array<{ name: string; value: string }>>;
}

export async function withCookies(items: MediaItem[], enabledSites: readonly string[], api: CookieApi | undefined): Promise<MediaItem[]> {
  if (enabledSites.length === 0 || !api) return items;
  const granted = new Map<string, boolean>();
  const out: MediaItem[] = [];
  for (const item of items) {
    const url = (item.image_urls ?? item.file_urls ?? [])[0];
    const decision = url ? cookieDecision(url, enabledSites) : { forward: false as const };
    if (!url || !decision.forward) {
      out.push(item);
      continue;
    }
    let allowed = granted.get(decision.site);
    if (allowed === undefined) {
      allowed = await api.hasPermission(originsFor(decision.site));
      granted.set(decision.site, allowed);
    }
    if (!allowed) {
      out.push(item);
      continue;
    }
    const cookies = await api.cookiesFor(url);
    if (cookies.length === 0) {
      out.push(item);
      continue;
    }
    const header = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    out.push({ ...item, media_headers: { ...((item.media_headers as Record<string, string> | undefined) ?? {}), cookie: header } });
  }
  return out;
}
