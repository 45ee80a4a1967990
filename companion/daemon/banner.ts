// The text `gleaner serve` prints when it is ready: where it listens, where each target stores, and
// how to pair the extension and use it from scripts. It goes to stdout for the person at the terminal;
// the logs (stderr) never carry the pairing code.
import type { TargetInfo } from '../../shared/protocol/common.js';

export interface BannerInput {
  version: string;
  urls: readonly string[];
  configFile: string;
  configFound: boolean;
  targets: readonly TargetInfo[];
  pairing?: { code: string; ttlSeconds: number } | undefined;
}

export function formatBanner(input: BannerInput): string {
  const lines = [`Gleaner companion ${input.version} listening on ${input.urls.join(' and ')}`];
  lines.push(`Config: ${input.configFile}${input.configFound ? '' : ' (not found: built-in defaults)'}`);
  lines.push('Storage targets (clients choose one by name):');
  for (const target of input.targets) {
    const stores = [target.files ? `files → ${target.files}` : null, target.images ? `images → ${target.images}` : null].filter(Boolean);
    lines.push(`  ${target.name}${target.default ? ' (default)' : ''}: ${stores.join(', ')}${target.description ? `  — ${target.description}` : ''}`);
  }
  if (input.pairing) {
    const minutes = Math.round(input.pairing.ttlSeconds / 60);
    lines.push(`Pair the browser extension: enter ${input.pairing.code} in its options (one use, valid ${minutes} min; \`gleaner pair\` makes a new one).`);
  } else {
    lines.push('Pair the browser extension: run `gleaner pair` and enter the code in its options.');
  }
  lines.push('Scripts: `gleaner submit ITEMS.jsonl --target NAME`, or GLEANER_TOKEN from `gleaner token --name NAME`.');
  lines.push('Stop with Ctrl+C (running files get a grace period, then are cancelled).');
  return `${lines.join('\n')}\n`;
}
