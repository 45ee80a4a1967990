// Reads items from JSON Lines: one JSON object per line. A line that is not a JSON object becomes an
// `invalid` input carrying its line number, so the job reports it in place and carries on. Blank lines
// are skipped (they are not items).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { JobInput } from './run-job.js';

export function parseItemLine(line: string, lineNumber: number): JobInput {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { invalid: { line: lineNumber, code: 'ERR_INPUT_JSON', message: `Line ${lineNumber} is not valid JSON: ${(error as Error).message}` } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { invalid: { line: lineNumber, code: 'ERR_INPUT_NOT_OBJECT', message: `Line ${lineNumber} is not a JSON object` } };
  }
  return { item: value as Record<string, unknown> };
}

/** One input line: its text (for resume checks) and what it parsed to. */
export interface InputRecord {
  text: string;
  input: JobInput;
}

export async function* readJsonLineRecords(source: Readable): AsyncGenerator<InputRecord> {
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    yield { text: line, input: parseItemLine(line, lineNumber) };
  }
}

export async function* readJsonLines(source: Readable): AsyncGenerator<JobInput> {
  for await (const record of readJsonLineRecords(source)) yield record.input;
}

/** Opens `file`, or stdin for "-" or no file. */
export function openInput(file: string | undefined): Readable {
  return !file || file === '-' ? process.stdin : createReadStream(file);
}
