// Outlines the elements a preset matched (the options page's preview) and takes the outlines away
// again. The content script only sets an attribute on the page's elements; the look is PREVIEW_CSS,
// which the background inserts with scripting.insertCSS: a page's Content Security Policy cannot block
// that (a <style> element added from here could be), and removeCSS takes it away without touching the
// page's own styles.
import type { PresetMatches } from '../../shared/presets/apply-preset.js';

export const PREVIEW_ATTR = 'data-gleaner-preview';
/** Space-separated names of the fields that matched the element, for DevTools and tests. */
export const PREVIEW_FIELDS_ATTR = 'data-gleaner-preview-fields';

// Field rule first: an element that is both an item and a field shows the item's outline.
export const PREVIEW_CSS = `
[${PREVIEW_ATTR}~="field"] { outline: 2px dashed #1c7ed6 !important; outline-offset: -2px !important; background-color: rgba(28, 126, 214, 0.12) !important; }
[${PREVIEW_ATTR}~="item"] { outline: 3px solid #e8590c !important; outline-offset: 2px !important; }
`;

export interface Highlighted {
  /** Distinct item elements outlined. */
  items: number;
  /** Distinct elements each field matched. */
  fields: Record<string, number>;
  /** Distinct elements outlined in all. */
  elements: number;
}

export function highlightMatches(matches: PresetMatches): Highlighted {
  const marks = new Map<Element, { item: boolean; fields: Set<string> }>();
  const mark = (element: Element) => {
    let found = marks.get(element);
    if (!found) marks.set(element, (found = { item: false, fields: new Set() }));
    return found;
  };
  for (const element of matches.items) mark(element).item = true;
  const fields: Record<string, number> = {};
  for (const [name, elements] of Object.entries(matches.fields)) {
    const distinct = new Set(elements);
    fields[name] = distinct.size;
    for (const element of distinct) mark(element).fields.add(name);
  }
  for (const [element, { item, fields: names }] of marks) {
    element.setAttribute(PREVIEW_ATTR, [item ? 'item' : '', names.size > 0 ? 'field' : ''].filter(Boolean).join(' '));
    if (names.size > 0) element.setAttribute(PREVIEW_FIELDS_ATTR, [...names].join(' '));
  }
  return { items: new Set(matches.items).size, fields, elements: marks.size };
}

/** Removes every outline of an earlier preview; returns how many elements had one. */
export function clearHighlights(document: Document): number {
  const marked = document.querySelectorAll(`[${PREVIEW_ATTR}]`);
  for (const element of marked) {
    element.removeAttribute(PREVIEW_ATTR);
    element.removeAttribute(PREVIEW_FIELDS_ATTR);
  }
  return marked.length;
}
