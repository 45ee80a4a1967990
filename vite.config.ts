// Builds the browser extension from the top-level manifest.json: `vite build --mode chrome` writes
// dist/extension/chrome, `vite build --mode firefox` writes dist/extension/firefox (npm run
// build:extension runs both). One manifest serves both browsers; the keys each browser rejects or warns
// about are removed here: Chrome gets background.service_worker and the `key` that pins its extension id,
// Firefox gets background.scripts (it has no extension service workers) and browser_specific_settings.
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import baseManifest from './manifest.json' with { type: 'json' };

type Browser = 'chrome' | 'firefox';

export function manifestFor(browser: Browser): ManifestV3Export {
  const manifest = structuredClone(baseManifest) as Record<string, unknown> & typeof baseManifest;
  const background = manifest.background as { service_worker?: string; type?: string; scripts?: string[] };
  if (browser === 'chrome') {
    delete background.scripts;
    delete (manifest as Record<string, unknown>).browser_specific_settings;
    // Chromium rejects IPv6 literals in CSP source lists (and logs a warning on every page); it would
    // ignore the entry anyway, so connections to [::1] are not possible from Chromium either way.
    const csp = manifest.content_security_policy as { extension_pages: string };
    csp.extension_pages = csp.extension_pages.replace(' ws://[::1]:*', '');
  } else {
    delete background.service_worker;
    delete (manifest as Record<string, unknown>).key;
  }
  return manifest as unknown as ManifestV3Export;
}

/**
 * crxjs lists scripts imported with `?iife` as web_accessible_resources for every http(s) page. The
 * content script is injected with scripting.executeScript, which needs no such entry, and an accessible
 * resource lets any web page detect the extension: drop it.
 */
function dropWebAccessibleResources(): Plugin {
  return {
    name: 'gleaner:drop-web-accessible-resources',
    enforce: 'post',
    // crxjs calls this hook of every plugin after it has assembled the manifest.
    renderCrxManifest(manifest: Record<string, unknown>) {
      delete manifest.web_accessible_resources;
      return manifest;
    },
  } as Plugin;
}

export default defineConfig(({ mode }): UserConfig => {
  const browser: Browser = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    plugins: [preact(), crx({ manifest: manifestFor(browser), browser }), dropWebAccessibleResources()],
    build: {
      outDir: `dist/extension/${browser}`,
      emptyOutDir: true,
      // Extension code is loaded from disk, not over a network: small files matter less than
      // readable stack traces in bug reports.
      minify: false,
      sourcemap: false,
      target: browser === 'firefox' ? 'firefox140' : 'chrome120',
      chunkSizeWarningLimit: 1000,
    },
    // Vite would otherwise scan the whole repository (companion included) for dependencies.
    optimizeDeps: { entries: ['extension/**/*.html'] },
  };
});
