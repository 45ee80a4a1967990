// One click without the popup: the context menu entries and the keyboard command collect with the
// current defaults. Both grant activeTab for the tab they were used on, which the page scan needs.
import browser from 'webextension-polyfill';
import type { Collector } from './collector.js';

export const MENU_PAGE = 'gleaner-collect-page';
export const MENU_IMAGE = 'gleaner-collect-image';
export const MENU_LINK = 'gleaner-collect-link';
export const COMMAND_COLLECT_PAGE = 'collect-page';

export async function createMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: MENU_PAGE, title: 'Collect media from this page', contexts: ['page', 'frame', 'selection'] });
  browser.contextMenus.create({ id: MENU_IMAGE, title: 'Collect this image', contexts: ['image'] });
  browser.contextMenus.create({ id: MENU_LINK, title: 'Collect this link', contexts: ['link'] });
}

export function onMenuClick(collector: Collector, report: (error: unknown) => void) {
  return (info: browser.Menus.OnClickData, tab: browser.Tabs.Tab | undefined): void => {
    const source = tab ?? {};
    const referer = info.frameUrl ?? info.pageUrl;
    let work: Promise<unknown> | undefined;
    if (info.menuItemId === MENU_PAGE) work = collector.collectPage(source);
    else if (info.menuItemId === MENU_IMAGE && info.srcUrl) work = collector.collectOne(source, info.srcUrl, 'image', referer);
    else if (info.menuItemId === MENU_LINK && info.linkUrl) work = collector.collectOne(source, info.linkUrl, 'link', referer);
    work?.catch(report);
  };
}

export function onCommand(collector: Collector, report: (error: unknown) => void) {
  return (command: string, tab?: browser.Tabs.Tab): void => {
    if (command !== COMMAND_COLLECT_PAGE) return;
    const run = async () => {
      const target = tab ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0];
      if (target) await collector.collectPage(target);
    };
    run().catch(report);
  };
}
