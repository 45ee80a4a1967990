// Selector queries for one application of a preset. `:scope` alone means the item's own element (so a
// field can read an attribute of the item itself in every DOM alike), and a selector the DOM at hand
// cannot parse matches nothing and is reported once, instead of failing the whole page.
//
// Elements inside <noscript> are left out: a browser running scripts keeps that content as text, while
// a Node DOM parses it into elements. Skipping them keeps the items the same in both.

export class QueryScope {
  readonly warnings: string[] = [];
  private readonly broken = new Set<string>();

  constructor(readonly document: Document) {}

  all(root: Element | Document, selector: string): Element[] {
    if (selector.trim() === ':scope') return [root === this.document ? this.document.documentElement : (root as Element)];
    if (this.broken.has(selector)) return [];
    try {
      return Array.from(root.querySelectorAll(selector)).filter(outsideNoscript);
    } catch (error) {
      this.broken.add(selector);
      this.warnings.push(`The selector ${JSON.stringify(selector)} is not valid here: ${(error as Error).message}`);
      return [];
    }
  }
}

function outsideNoscript(element: Element): boolean {
  return element.closest('noscript') === null;
}
