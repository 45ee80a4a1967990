// Reading a plain field (title, price, author …) from one element: its text (whitespace collapsed, as a
// person reads it) or an attribute, optionally cut down by a regular expression or resolved as a URL.
// textContent, not innerText: innerText depends on layout, which a Node DOM does not have.
import type { ValueRule } from './preset-schema.js';

const MAX_VALUE_LENGTH = 10_000;

export function readValue(element: Element, rule: ValueRule, base: string): string | undefined {
  const raw = rule.attribute === undefined ? element.textContent : element.getAttribute(rule.attribute);
  let value = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (rule.pattern !== undefined) {
    const match = new RegExp(rule.pattern).exec(value);
    if (!match) return undefined;
    value = (match[1] ?? match[0]).trim();
  }
  if (rule.url) value = absoluteUrl(value, base) ?? '';
  return value === '' ? undefined : value.slice(0, MAX_VALUE_LENGTH);
}

function absoluteUrl(value: string, base: string): string | undefined {
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
