// `gleaner run --job-dir DIR` (Scrapy's JOBDIR idea): finished items are journaled in DIR, and running
// the same command again replays them from the journal and runs only the rest. Files stored by items
// that were in flight at the interruption are found up to date by the usual expiry check, so nothing
// stored is downloaded again.
import path from 'node:path';
import { GleanerError } from '../../shared/errors.js';
import { ItemJournal, inputHash } from './item-journal.js';
import type { InputRecord } from './jsonl-input.js';
import type { JobInput } from './run-job.js';

export interface JobDirRun {
  /** The inputs still to run; replayed outputs are handed to `emit` as they are met. */
  inputs: AsyncGenerator<JobInput>;
  /** Call with the job runner's index for each finished item: journals it, returns the input index. */
  finished(runnerIndex: number, output: Record<string, unknown>): number;
  replayed(): number;
  close(): Promise<void>;
}

export async function openJobDir(
  dir: string,
  records: AsyncIterable<InputRecord>,
  emit: (index: number, output: Record<string, unknown>) => void,
): Promise<JobDirRun> {
  const journal = await ItemJournal.open(path.join(dir, 'items.jsonl'));
  // The runner numbers only what it is given; map its numbers back to input positions.
  const pending: Array<{ index: number; hash: string }> = [];
  let replayed = 0;
  async function* inputs(): AsyncGenerator<JobInput> {
    let index = 0;
    for await (const record of records) {
      const position = index++;
      const hash = inputHash(record.text);
      const done = journal.get(position);
      if (done) {
        if (done.hash !== hash) {
          throw new GleanerError('ERR_JOB_DIR_MISMATCH', `Line ${position + 1} of the input differs from the run journaled in ${dir}: use a new --job-dir for new input`);
        }
        replayed++;
        emit(position, done.output);
        continue;
      }
      pending.push({ index: position, hash });
      yield record.input;
    }
  }
  return {
    inputs: inputs(),
    finished(runnerIndex, output) {
      const { index, hash } = pending[runnerIndex]!;
      void journal.append(index, hash, output);
      return index;
    },
    replayed: () => replayed,
    close: () => journal.close(),
  };
}
