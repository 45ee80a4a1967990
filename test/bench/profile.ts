// `--profile`: the Gleaner runs get node's --cpu-prof, and the bench prints where the main thread's
// time went (self time by function and by module). Work on other threads (sharp/libvips, the libuv
// pool doing file I/O and hashing) is not in a V8 CPU profile: it shows up as the gap between
// the run's CPU seconds and the profile's busy time. A profiled run is slower; its figures are marked.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './config.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function moduleOf(url: string): string {
  if (!url) return '(native / VM)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const rel = url.replace(/^file:\/\//, '').replace(`${REPO_ROOT}/`, '');
  const nm = rel.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = rel.slice(nm + 'node_modules/'.length).split('/');
    return `node_modules/${parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  return rel;
}

// Node names profiles CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile; thread 0 is the main thread.
const PROFILE_NAME = /^CPU\.\d+\.\d+\.(\d+)\.(\d+)\.\d+\.cpuprofile$/;

/** Summarises the newest run's profiles in `dir`: its main thread, then each worker thread briefly. */
export function summariseProfile(dir: string, top = 15): string {
  const files = readdirSync(dir).filter((f) => PROFILE_NAME.test(f)).sort();
  if (files.length === 0) return `no .cpuprofile in ${dir}`;
  const pid = PROFILE_NAME.exec(files[files.length - 1]!)![1];
  const run = files.filter((f) => PROFILE_NAME.exec(f)![1] === pid);
  const thread = (f: string): number => Number(PROFILE_NAME.exec(f)![2]);
  run.sort((a, b) => thread(a) - thread(b));
  return run.map((f) => summariseOne(path.join(dir, f), thread(f) === 0 ? 'main thread' : `worker thread ${thread(f)}`, thread(f) === 0 ? top : 5)).join('\n');
}

function summariseOne(file: string, label: string, top: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));

  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    total += ms;
    if (functionName === '(idle)') {
      idle += ms;
      continue;
    }
    const name = `${functionName || '(anonymous)'} ${url ? `${moduleOf(url)}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    const mod = functionName.startsWith('(') ? functionName : moduleOf(url);
    byModule.set(mod, (byModule.get(mod) ?? 0) + ms);
  }
  const busy = total - idle;
  const rows = (map: Map<string, number>): string[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `    ${(ms / 1000).toFixed(2).padStart(7)} s  ${((ms / busy) * 100).toFixed(1).padStart(5)}%  ${name}`);
  return [
    `  profile ${path.relative(REPO_ROOT, file)}: ${label} ${(total / 1000).toFixed(2)} s, busy ${(busy / 1000).toFixed(2)} s, idle ${(idle / 1000).toFixed(2)} s`,
    '  self time by module:',
    ...rows(byModule),
    '  self time by function:',
    ...rows(byFunction),
  ].join('\n');
}
