// What else the machine was doing. The bench machine is often shared (2 cores), so each run records
// the CPU time the whole machine spent while it ran; minus the measured tool's and the corpus
// server's own CPU, that is "other" CPU: work that competed with the run and makes its figures noisy.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds the whole machine has spent busy since boot (all cores), or null off Linux. */
export function machineBusySeconds(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a live process has used so far, or null. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the numeric fields follow its closing parenthesis.
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(after[11]) + Number(after[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export function loadAverage(): string {
  return os.loadavg().map((n) => n.toFixed(2)).join(' ');
}

/** The first line of `command --version`-like output, or null when the tool is missing. */
export function toolVersion(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 }).trim().split('\n')[0]!;
  } catch {
    return null;
  }
}

/**
 * The processes that used CPU during a short window (sampled from /proc, so it is what they do now,
 * not ps's lifetime average): the report's "what else was running".
 */
export async function busyProcesses(windowMs = 2000, exclude: number[] = []): Promise<string[]> {
  const snapshot = (): Map<number, number> => {
    const cpu = new Map<number, number>();
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    } catch {
      return cpu;
    }
    for (const pid of pids) {
      const seconds = processCpuSeconds(Number(pid));
      if (seconds !== null) cpu.set(Number(pid), seconds);
    }
    return cpu;
  };
  const busyBefore = machineBusySeconds();
  const before = snapshot();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = snapshot();
  const busyAfter = machineBusySeconds();
  const busy: Array<{ pid: number; share: number }> = [];
  for (const [pid, seconds] of after) {
    if (exclude.includes(pid) || pid === process.pid) continue;
    // A process that started inside the window spent all its CPU inside it.
    const share = (seconds - (before.get(pid) ?? 0)) / (windowMs / 1000);
    if (share >= 0.05) busy.push({ pid, share });
  }
  // Processes that started and ended inside the window (test runners spawn many) are not listed, but
  // the machine-wide figure includes them.
  const machine =
    busyBefore !== null && busyAfter !== null
      ? [`machine: ${(((busyAfter - busyBefore) / (windowMs / 1000)) * 100).toFixed(0)}% of a core busy in total (of ${os.availableParallelism() * 100}%)`]
      : [];
  return machine.concat(busy
    .sort((a, b) => b.share - a.share)
    .slice(0, 6)
    .map(({ pid, share }) => {
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      } catch {
        // Exited meanwhile.
      }
      return `${(share * 100).toFixed(0).padStart(3)}% of a core  pid ${pid}  ${cmd.slice(0, 110)}`;
    }));
}
