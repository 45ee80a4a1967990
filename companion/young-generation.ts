// V8 grows a process's young generation (where new objects are born) from 1 MiB up to 32 MiB when many
// objects survive its collections, and keeps it at that size. A download job looks like that to V8:
// each 64 KiB socket read is a small object holding native memory that stays reachable until its chunk
// is copied out. Grown, the young generation is collected rarely, so besides its own 32 MiB, tens of
// MiB of finished socket buffers wait for a collection. Kept at its first size, it is collected every
// megabyte or so of new objects; on the benchmarks that cost no measurable time, and a files job's
// peak RSS fell by about 20 MB (README, Architecture notes).
//
// The growth factor is the one young-generation setting V8 reads while running (the maximum size is
// fixed at start-up; only a node flag sets it). V8 flags belong to the process, and Node sets them
// again from its command line whenever a worker thread starts, so `reapplyHeapSettings` must run once
// each worker is online. Only the `gleaner` command opts in: a Node script importing the job runner keeps
// its own heap settings.
import v8 from 'node:v8';

const NO_GROWTH = '--semi-space-growth-factor=1';
let enabled = false;

export function keepYoungGenerationSmall(): void {
  enabled = true;
  v8.setFlagsFromString(NO_GROWTH);
}

/** Call when a worker thread is online (see above). */
export function reapplyHeapSettings(): void {
  if (enabled) v8.setFlagsFromString(NO_GROWTH);
}
