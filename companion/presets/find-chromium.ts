// Where Chromium is, for --render: CHROMIUM_PATH, then the usual Debian/Ubuntu/Fedora places, then
// `chromium` (or its other names) on PATH. The browser comes from the system, never downloaded.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { GleanerError } from '../../shared/errors.js';

const PLACES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium', '/snap/bin/chromium', '/usr/bin/google-chrome'];
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new GleanerError('ERR_PAGE_BROWSER', `CHROMIUM_PATH is ${fromEnv}, which does not exist`);
  }
  const placed = PLACES.find((place) => existsSync(place));
  if (placed) return placed;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new GleanerError(
    'ERR_PAGE_BROWSER',
    '--render needs Chromium, which was not found: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to its executable',
  );
}
