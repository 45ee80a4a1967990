// A preset's page actions, played in Chromium before the page is read: scroll (a number of times, or
// until nothing new appears), wait for a selector, wait, click "load more". Expressions are passed as
// strings so what runs in the page is exactly what is written here, whatever compiled this file.
import type { Page } from 'playwright-core';
import type { PageAction } from '../../shared/presets/index.js';

const SCROLL_TO_BOTTOM = 'window.scrollTo(0, (document.scrollingElement || document.documentElement).scrollHeight)';
// What "something new appeared" means: the page grew, gained elements, or more images got a source.
const SIGNATURE =
  "[(document.scrollingElement || document.documentElement).scrollHeight, document.getElementsByTagName('*').length, " +
  "Array.from(document.images).filter((i) => i.getAttribute('src')).length].join(':')";

const DEFAULT_DELAY_MS = 500;
const DEFAULT_STABLE_CAP = 30;
/** Two scrolls in a row with nothing new: one quiet scroll may only mean a slow loader. */
const QUIET_SCROLLS = 2;

export interface ActionLog {
  /** What each action did, for --log-level debug and the tests. */
  steps: string[];
}

export async function runPageActions(page: Page, actions: readonly PageAction[], log: ActionLog = { steps: [] }): Promise<ActionLog> {
  for (const action of actions) {
    switch (action.type) {
      case 'scroll':
        log.steps.push(await scroll(page, action));
        break;
      case 'waitFor':
        await page.waitForSelector(action.selector, { state: 'attached', timeout: action.timeoutMs ?? 10_000 });
        log.steps.push(`waited for ${action.selector}`);
        break;
      case 'wait':
        await page.waitForTimeout(action.ms);
        log.steps.push(`waited ${action.ms} ms`);
        break;
      case 'click':
        log.steps.push(await click(page, action));
        break;
    }
  }
  return log;
}

async function scroll(page: Page, action: Extract<PageAction, { type: 'scroll' }>): Promise<string> {
  const delay = action.delayMs ?? DEFAULT_DELAY_MS;
  const max = action.times ?? DEFAULT_STABLE_CAP;
  let before = (await page.evaluate(SIGNATURE)) as string;
  let quiet = 0;
  let done = 0;
  while (done < max) {
    await page.evaluate(SCROLL_TO_BOTTOM);
    done++;
    await page.waitForTimeout(delay);
    if (!action.untilStable) continue;
    const after = (await page.evaluate(SIGNATURE)) as string;
    quiet = after === before ? quiet + 1 : 0;
    before = after;
    if (quiet >= QUIET_SCROLLS) return `scrolled ${done} times, until nothing new appeared`;
  }
  return `scrolled ${done} times`;
}

async function click(page: Page, action: Extract<PageAction, { type: 'click' }>): Promise<string> {
  const times = action.times ?? 1;
  let clicks = 0;
  while (clicks < times) {
    const target = page.locator(action.selector).first();
    if ((await target.count()) === 0 || !(await target.isVisible())) break;
    await target.click({ timeout: 5000 });
    clicks++;
    await page.waitForTimeout(action.delayMs ?? DEFAULT_DELAY_MS);
  }
  return `clicked ${action.selector} ${clicks} times`;
}
