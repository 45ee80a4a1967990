// The built-in presets: plain JSON files a user can copy and edit, checked against the format when
// loaded so a broken one fails loudly (and the tests run each one's contract on its saved page).
// Contract pages of built-ins are relative to the package root (test/fixtures/presets/).
import type { Preset } from '../preset-schema.js';
import { formatIssues, validatePreset } from '../validate-preset.js';
import imageBoardThread from './image-board-thread.json' with { type: 'json' };
import mediawiki from './mediawiki.json' with { type: 'json' };
import shopifyProduct from './shopify-product.json' with { type: 'json' };
import wordpressGallery from './wordpress-gallery.json' with { type: 'json' };
import xenforoThread from './xenforo-thread.json' with { type: 'json' };

function checked(value: unknown): Preset {
  const result = validatePreset(value);
  if (!result.ok) {
    const id = (value as { id?: unknown }).id;
    throw new Error(`The built-in preset ${String(id)} is invalid: ${formatIssues(result.issues)}`);
  }
  return Object.freeze(result.preset);
}

export const BUILTIN_PRESETS: readonly Preset[] = Object.freeze(
  [wordpressGallery, mediawiki, shopifyProduct, xenforoThread, imageBoardThread].map(checked),
);
