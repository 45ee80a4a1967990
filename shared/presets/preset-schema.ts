// The preset format: a JSON object that tells Gleaner where a kind of page keeps its media. Every part
// is a zod schema, so the TypeScript types are inferred from the runtime check and cannot drift from it.
// Strict objects everywhere: a misspelt key is an error at its own path, not a silently ignored option.
import { z } from 'zod';
import { ThumbSizes } from '../protocol/common.js';
import { RESERVED_FIELDS, URL_FIELDS } from './field-names.js';
import { parseMatchPattern } from './match-pattern.js';

export { RESERVED_FIELDS, URL_FIELDS, type UrlField } from './field-names.js';

const Selector = z.string().trim().min(1, 'a CSS selector').max(1000);
const AttributeName = z.string().regex(/^[A-Za-z_:][A-Za-z0-9_:.-]{0,99}$/, 'an attribute name');

/** A JavaScript regular expression, as source text; compiled here so a bad one fails validation. */
const RegexSource = z
  .string()
  .min(1)
  .max(500)
  .superRefine((source, ctx) => {
    try {
      new RegExp(source);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
    }
  });

const MatchPatternSource = z
  .string()
  .max(2000)
  .superRefine((source, ctx) => {
    const parsed = parseMatchPattern(source);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  });

const Scope = z.enum(['item', 'page']);

/** File extensions (jpg, pdf) and kinds (image, video, audio, file). */
const Types = z
  .array(z.string().regex(/^\.?[A-Za-z0-9]{1,8}$/, 'an extension like jpg, or image / video / audio / file'))
  .min(1)
  .max(100);

/**
 * Where an image or file URL is: elements, and the attributes to read on each (first one that holds a
 * usable URL wins). Attributes named *srcset are parsed as srcset (largest candidate); `style` and
 * values holding url(…) are read as CSS. Omitted attributes: srcset, the common lazy-load attributes,
 * src, href, content, data, poster.
 */
export const UrlRule = z.strictObject({
  selector: Selector,
  attributes: z.array(AttributeName).min(1).max(30).optional(),
  /** 'item' (default): inside each item's element; 'page': anywhere in the page. */
  scope: Scope.optional(),
  /** Keep only URLs of these types from this rule (after rewriting), e.g. images for image_urls. */
  types: Types.optional(),
});
export type UrlRule = z.infer<typeof UrlRule>;

/** Any other field: text or an attribute of the first matching element (or of all with `all`). */
export const ValueRule = z.strictObject({
  /** Omitted: the item's own element. */
  selector: Selector.optional(),
  /** Omitted: the element's text, whitespace collapsed. */
  attribute: AttributeName.optional(),
  /** A list of every matching element's value instead of the first one. */
  all: z.boolean().optional(),
  /** Keep only the first capture group (or the whole match) of this regular expression. */
  pattern: RegexSource.optional(),
  /** Resolve the value as a URL against the page. */
  url: z.boolean().optional(),
  scope: Scope.optional(),
});
export type ValueRule = z.infer<typeof ValueRule>;

const UrlRules = z.array(UrlRule).min(1).max(20);

export const Fields = z
  .object({ image_urls: UrlRules.optional(), file_urls: UrlRules.optional() })
  .catchall(ValueRule)
  .superRefine((fields, ctx) => {
    if (!fields.image_urls && !fields.file_urls) {
      ctx.addIssue({ code: 'custom', message: 'a preset needs image_urls or file_urls (or both)' });
    }
    for (const name of Object.keys(fields)) {
      if (RESERVED_FIELDS.includes(name)) {
        ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" is filled by Gleaner or the pipelines; choose another field name` });
      } else if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'a field name is letters, digits and _ (not starting with a digit), at most 64' });
      }
    }
    if (Object.keys(fields).length > 50) ctx.addIssue({ code: 'custom', message: 'at most 50 fields' });
  });

/** A regular-expression replacement on collected URLs, e.g. a thumbnail URL into the original's. */
export const RewriteRule = z.strictObject({
  pattern: RegexSource,
  /** JavaScript replacement text: $1, $2 … for capture groups, $& for the match. */
  replace: z.string().max(1000),
  flags: z
    .string()
    .regex(/^[gimsu]*$/, 'flags among g, i, m, s and u')
    .refine((flags) => new Set(flags).size === flags.length, 'each flag once')
    .optional(),
  /** Only URLs of these fields (default both). */
  fields: z.array(z.enum(URL_FIELDS)).min(1).optional(),
});
export type RewriteRule = z.infer<typeof RewriteRule>;

export const Filters = z.strictObject({
  /** Images the page says are smaller are dropped; an image whose size the page does not tell is kept. */
  minWidth: z.number().int().min(0).max(100000).optional(),
  minHeight: z.number().int().min(0).max(100000).optional(),
  /** File extensions (jpg, pdf) and kinds (image, video, audio, file) to keep. */
  types: Types.optional(),
  /** Keep only URLs matching one of these regular expressions. */
  include: z.array(RegexSource).min(1).max(50).optional(),
  /** Drop URLs matching any of these. */
  exclude: z.array(RegexSource).min(1).max(50).optional(),
});
export type Filters = z.infer<typeof Filters>;

/** Pipeline options for the pages this preset matches (a settings layer; see README for precedence). */
export const PipelineOptions = z.strictObject({
  /** A storage target named in the companion's config. */
  target: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a target name of letters, digits, _ . and -').optional(),
  thumbs: ThumbSizes.optional(),
  minWidth: z.number().int().min(0).max(100000).optional(),
  minHeight: z.number().int().min(0).max(100000).optional(),
  /** Days before a stored copy is fetched again (FILES_EXPIRES and IMAGES_EXPIRES). */
  expires: z.number().int().min(0).max(36500).optional(),
});
export type PipelineOptions = z.infer<typeof PipelineOptions>;

const DelayMs = z.number().int().min(0).max(60000);

/** What a browser does before extracting (gleaner collect --render). */
export const PageAction = z.discriminatedUnion('type', [
  z
    .strictObject({
      type: z.literal('scroll'),
      /** Scroll to the bottom this many times (with untilStable: at most this many; default 30). */
      times: z.number().int().min(1).max(500).optional(),
      /** Stop when two scrolls in a row bring nothing new (same height, elements and loaded images). */
      untilStable: z.boolean().optional(),
      /** Wait after each scroll (default 500). */
      delayMs: DelayMs.optional(),
    })
    .refine((a) => a.times !== undefined || a.untilStable === true, 'give times, or untilStable: true'),
  z.strictObject({ type: z.literal('waitFor'), selector: Selector, timeoutMs: DelayMs.optional() }),
  z.strictObject({ type: z.literal('wait'), ms: DelayMs }),
  z.strictObject({
    type: z.literal('click'),
    selector: Selector,
    /** Click up to this many times, stopping when the element is gone (a "load more" button). */
    times: z.number().int().min(1).max(500).optional(),
    delayMs: DelayMs.optional(),
  }),
]);
export type PageAction = z.infer<typeof PageAction>;

const CountRange = z
  .array(z.number().int().min(0))
  .min(1, '[min] or [min, max]')
  .max(2, '[min] or [min, max]')
  .refine((range) => range.length < 2 || range[1]! >= range[0]!, 'max must not be below min');

/** Scrapy-contract-style expectations: @url, @returns items MIN MAX, @scrapes FIELD… */
export const Contract = z.strictObject({
  url: z.string().url().regex(/^https?:\/\//i, 'an http or https URL'),
  /**
   * A saved copy of the page, relative to the preset file's folder (built-ins: the package root) and
   * inside it: a shared preset cannot point `presets check` at files elsewhere on the disk.
   */
  page: z
    .string()
    .min(1)
    .max(500)
    .refine((page) => !/^([/\\]|[A-Za-z]:)/.test(page) && !page.split(/[/\\]/).includes('..') && !page.includes('\0'), 'a relative path inside the preset\'s folder (no leading /, no ..)')
    .optional(),
  /** Load the page in Chromium (with the preset's actions) instead of fetching it. */
  render: z.boolean().optional(),
  items: CountRange.optional(),
  /** Media URLs over all items (image_urls and file_urls). */
  urls: CountRange.optional(),
  /** Fields every item must have, non-empty. */
  scrapes: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
});
export type Contract = z.infer<typeof Contract>;

export const Preset = z.strictObject({
  $schema: z.string().optional(),
  /** Format version; 1 is the only one so far. */
  format: z.literal(1).optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ and -, at most 64, starting with a letter or digit'),
  name: z.string().trim().min(1).max(100),
  description: z.string().max(1000).optional(),
  match: z.array(MatchPatternSource).min(1).max(50),
  /** URLs the preset never applies to, even when `match` says so. */
  exclude: z.array(MatchPatternSource).min(1).max(50).optional(),
  /** The preset applies only to pages that have an element matching this (checked on the page). */
  detect: Selector.optional(),
  /** Each element matching `selector` becomes one item; omitted, the whole page is one item. */
  items: z.strictObject({ selector: Selector, limit: z.number().int().min(1).max(100000).optional() }).optional(),
  fields: Fields,
  rewrite: z.array(RewriteRule).min(1).max(50).optional(),
  filters: Filters.optional(),
  pipeline: PipelineOptions.optional(),
  actions: z.array(PageAction).min(1).max(50).optional(),
  contracts: z.array(Contract).min(1).max(20).optional(),
});

/**
 * The fields of a preset, typed by hand: zod infers the catch-all as an index signature that clashes
 * with image_urls / file_urls, which would make every preset literal in code a type error.
 */
export interface PresetFields {
  image_urls?: UrlRule[];
  file_urls?: UrlRule[];
  [field: string]: ValueRule | UrlRule[] | undefined;
}
export type Preset = Omit<z.infer<typeof Preset>, 'fields'> & { fields: PresetFields };
