// Reading an item's own fields: the request headers a page needs (Referer, cookies, …) and Python type
// names for Scrapy-identical error messages.
import { GleanerError } from '../../shared/errors.js';
import type { Item } from '../../shared/items.js';
import type { Settings } from '../config/settings.js';

// RFC 9110 token characters for header names; values may not contain CR, LF or NUL.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;

/** The headers sent for an item's media: User-Agent, DEFAULT_REQUEST_HEADERS, Referer, the item's headers. */
export function requestHeaders(item: Item, settings: Settings): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': settings.USER_AGENT };
  const merge = (source: unknown, where: string): void => {
    if (source === undefined || source === null) return;
    if (typeof source !== 'object' || Array.isArray(source)) {
      throw new GleanerError('ERR_INPUT_HEADERS', `${where} must be an object of header names to string values`);
    }
    for (const [name, value] of Object.entries(source)) {
      if (!HEADER_NAME.test(name) || typeof value !== 'string' || !HEADER_VALUE.test(value)) {
        throw new GleanerError('ERR_INPUT_HEADERS', `${where} has an invalid header ${JSON.stringify(name)}`);
      }
      headers[name.toLowerCase()] = value;
    }
  };
  merge(settings.DEFAULT_REQUEST_HEADERS, 'DEFAULT_REQUEST_HEADERS');
  const referer = item[settings.MEDIA_REFERER_FIELD];
  if (referer !== undefined && referer !== null) merge({ referer }, `The ${settings.MEDIA_REFERER_FIELD} field`);
  merge(item[settings.MEDIA_HEADERS_FIELD], `The ${settings.MEDIA_HEADERS_FIELD} field`);
  return headers;
}

/** Python's type name for a JSON value, as Scrapy's messages print it. */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}
