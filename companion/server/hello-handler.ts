// Authentication of a connection's `hello`: version first, then a token or a one-time pairing code.
// Failed attempts are slowed down per remote address (the delay is served before the check, so a
// guesser cannot hurry it by opening more connections: waiting attempts per address are capped too),
// logged without the secret, and end the connection.
import { SUPPORTED_PROTOCOL_VERSIONS, PROTOCOL_VERSION, ADMIN_CAPABILITIES, CAPABILITIES } from '../../shared/protocol/version.js';
import type { HelloMessage } from '../../shared/protocol/client-messages.js';
import type { ServerMessage } from '../../shared/protocol/server-messages.js';
import type { ClientInfo } from './auth/client-registry.js';
import type { Session } from './session.js';

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export async function handleHello(session: Session, hello: HelloMessage): Promise<ClientInfo | null> {
  const { ctx } = session;
  const re = hello.id;
  if (ctx.isShuttingDown()) {
    session.fail('ERR_PROTOCOL_SHUTTING_DOWN', undefined, { re, fatal: true });
    return null;
  }
  if (!SUPPORTED_PROTOCOL_VERSIONS.includes(hello.version)) {
    session.fail('ERR_PROTOCOL_VERSION', `The companion speaks protocol version ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}; the client sent ${hello.version}`, { re, fatal: true });
    return null;
  }
  if (hello.token === undefined && hello.code === undefined) {
    session.fail('ERR_AUTH_REQUIRED', 'Send a token, or a pairing code from `gleaner pair`', { re, fatal: true });
    return null;
  }
  const remote = session.info.remote;
  // The cap is on attempts sleeping through a failure delay: without failures there is no delay, and
  // many clients of one machine (all 127.0.0.1) may well authenticate at the same moment.
  const delayed = ctx.throttle.delayFor(remote) > 0;
  if (delayed && !ctx.throttle.enter(remote)) {
    session.logger.warn({ clientName: hello.client }, 'Authentication refused: too many attempts waiting');
    session.fail('ERR_AUTH_RATE_LIMITED', undefined, { re, fatal: true });
    return null;
  }
  let client: ClientInfo | null = null;
  let issuedToken: string | undefined;
  const method = hello.token !== undefined ? 'token' : 'code';
  try {
    await sleep(ctx.throttle.delayFor(remote));
    if (!session.isOpen) return null;
    if (hello.token !== undefined) {
      client = await ctx.clients.findByToken(hello.token);
    } else if (ctx.pairing.consume(hello.code!)) {
      const issued = await ctx.clients.issue(hello.client, 'paired');
      client = issued.client;
      issuedToken = issued.token;
      session.logger.info({ client: client.id, clientName: hello.client }, 'Paired a new client');
    }
  } finally {
    if (delayed) ctx.throttle.leave(remote);
  }
  if (!client) {
    const failures = ctx.throttle.recordFailure(remote);
    session.logger.warn({ method, clientName: hello.client, origin: session.info.origin, failures }, 'Authentication failed');
    session.fail(method === 'token' ? 'ERR_AUTH_INVALID_TOKEN' : 'ERR_AUTH_INVALID_CODE', undefined, { re, fatal: true });
    return null;
  }
  session.client = client;
  await ctx.clients.touch(client.id).catch((error: unknown) => session.logger.warn({ err: (error as Error).message }, 'Cannot record lastSeenAt'));
  session.logger.info({ client: client.id, clientName: client.name, kind: client.kind, method }, 'Client authenticated');
  const welcome: ServerMessage = {
    type: 'welcome',
    version: PROTOCOL_VERSION,
    server: ctx.serverVersion,
    clientId: client.id,
    targets: [...ctx.targets],
    capabilities: client.kind === 'admin' ? [...CAPABILITIES, ...ADMIN_CAPABILITIES] : [...CAPABILITIES],
    limits: {
      maxMessageBytes: ctx.limits.maxMessageBytes,
      maxItemsPerJob: ctx.limits.maxItemsPerJob,
      maxQueuedJobs: ctx.limits.maxQueuedJobs,
    },
  };
  if (re !== undefined) welcome.re = re;
  if (issuedToken !== undefined) welcome.token = issuedToken;
  session.send(welcome);
  return client;
}
