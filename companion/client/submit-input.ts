// Prepares a JSON Lines file for `gleaner submit` so its output matches `gleaner run` line for line.
// Lines that are not JSON objects cannot (or should not) travel as items, so they are sent as null —
// keeping every later index in place — and their `_error` record, with the real line number and the
// same code and message as `gleaner run`, is made here and printed instead of the server's.
import type { Readable } from 'node:stream';
import { readJsonLines } from '../jobs/jsonl-input.js';

export interface PreparedInput {
  /** What goes into job.submit.items. */
  items: unknown[];
  /** Records to print instead of the server's output for these indexes. */
  localErrors: Map<number, Record<string, unknown>>;
}

export async function prepareInput(source: Readable): Promise<PreparedInput> {
  const prepared: PreparedInput = { items: [], localErrors: new Map() };
  for await (const input of readJsonLines(source)) {
    if ('item' in input) {
      prepared.items.push(input.item);
    } else {
      prepared.localErrors.set(prepared.items.length, { _error: input.invalid });
      prepared.items.push(null);
    }
  }
  return prepared;
}

/** The record to print for an item's output. */
export function outputFor(prepared: PreparedInput, index: number, output: Record<string, unknown>): Record<string, unknown> {
  return prepared.localErrors.get(index) ?? output;
}
