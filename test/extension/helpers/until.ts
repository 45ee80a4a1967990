// Waiting in the Chromium tests: poll until something shows, with what was seen last in the failure.
import type { Page } from 'playwright-core';

/** Polls until probe returns something other than undefined/false; `describe` says what was seen last. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, describe?: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const seen = describe ? await describe().catch((e: unknown) => String(e)) : last ? String(last) : '';
      throw new Error(`Timed out waiting for ${what}${seen ? `; last seen: ${seen}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An attribute of the first element matching `selector`, without waiting long for it to exist. */
export const attr = (page: Page, selector: string, name: string) => page.locator(selector).first().getAttribute(name, { timeout: 1000 });
