// Answers the pages' requests (messaging.ts RequestMap). Each handler returns the typed value; errors
// become { ok: false, error } so the page shows the message instead of a generic failure.
import type { RequestMap, RequestType, ResponseEnvelope } from '../messaging.js';

export type Handlers = { [K in RequestType]: (payload: RequestMap[K]['req']) => Promise<RequestMap[K]['res']> };

export async function route(handlers: Handlers, type: RequestType, payload: unknown): Promise<ResponseEnvelope<unknown>> {
  const handler = handlers[type] as ((payload: unknown) => Promise<unknown>) | undefined;
  if (!handler) return { ok: false, error: { message: `Unknown request ${type}` } };
  try {
    return { ok: true, value: await handler(payload ?? {}) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    return { ok: false, error: typeof code === 'string' ? { message, code } : { message } };
  }
}
