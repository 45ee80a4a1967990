// State shared by the element readers while one document (or a shadow root inside it) is walked.
import type { MediaCollector } from './media-collector.js';

export interface WalkContext {
  collector: MediaCollector;
  fileExtensions: ReadonlySet<string>;
  /** Base URL for resolving relative URLs in this document (its <base href>, else its URL). */
  base: string;
  /** The URL of the document being walked: the Referer its media is fetched with. */
  referer: string;
}

/** A positive integer from an attribute such as width="640"; undefined for "100%", "auto", junk. */
export function numericAttribute(element: Element, name: string): number | undefined {
  const value = element.getAttribute(name);
  if (!value) return undefined;
  const number = Number(value.trim().replace(/px$/i, ''));
  return Number.isFinite(number) && number > 0 ? number : undefined;
}

/** Trimmed, whitespace-collapsed text, cut to a length that stays useful in a grid tooltip or a name. */
export function cleanText(value: string | null | undefined, max = 300): string | undefined {
  if (!value) return undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, max) : undefined;
}
