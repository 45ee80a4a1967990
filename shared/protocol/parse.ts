// Decoding at the edge: a frame is `unknown` until these accept it. The result is either the typed
// message or a coded error ready to send back, with the request id when one could be read so the
// sender can tell which request failed.
import type { z } from 'zod';
import type { ErrorCode } from '../errors.js';
import { ClientMessage } from './client-messages.js';
import { ServerMessage } from './server-messages.js';

export type ParseResult<T> =
  | { ok: true; message: T }
  | { ok: false; code: ErrorCode; message: string; re?: string };

/** Summarises zod issues as "path: problem; path: problem", short enough for an error message. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(message)';
    return `${where}: ${issue.message}`;
  });
  if (error.issues.length > max) parts.push(`and ${error.issues.length - max} more`);
  return parts.join('; ').slice(0, 500);
}

function readRequestId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}

function parseWith<T>(schema: z.ZodType<T>, text: string): ParseResult<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'ERR_PROTOCOL_MALFORMED', message: 'The message is not valid JSON.' };
  }
  return validateWith(schema, value);
}

function validateWith<T>(schema: z.ZodType<T>, value: unknown): ParseResult<T> {
  const re = readRequestId(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, code: 'ERR_PROTOCOL_INVALID', message: 'A message must be a JSON object with a "type".' };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, message: result.data };
  const failure: ParseResult<T> = {
    ok: false,
    code: 'ERR_PROTOCOL_INVALID',
    message: `The message does not match the protocol: ${describeIssues(result.error)}`,
  };
  if (re !== undefined) failure.re = re;
  return failure;
}

/** Parses one text frame from a client (used by the companion). */
export function parseClientMessage(text: string): ParseResult<ClientMessage> {
  return parseWith(ClientMessage, text);
}

/** Validates an already-decoded client message. */
export function validateClientMessage(value: unknown): ParseResult<ClientMessage> {
  return validateWith(ClientMessage, value);
}

/** Parses one text frame from the companion (used by the extension and the script client). */
export function parseServerMessage(text: string): ParseResult<ServerMessage> {
  return parseWith(ServerMessage, text);
}

/** Validates an already-decoded server message. */
export function validateServerMessage(value: unknown): ParseResult<ServerMessage> {
  return validateWith(ServerMessage, value);
}
