// The protocol's version and the well-known port. Both sides import these; the companion refuses a
// `hello` whose version it does not speak (ERR_PROTOCOL_VERSION), so change PROTOCOL_VERSION whenever a
// message changes in a way an older peer would misread. Adding an optional field is not such a change.

/** Version of the WebSocket protocol described in this folder. */
export const PROTOCOL_VERSION = 1;

/** Versions this build of the companion accepts in `hello`. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1];

/** Default TCP port of `gleaner serve` on 127.0.0.1 and ::1 (change with `--port`). */
export const DEFAULT_PORT = 7465;

/** What a companion can do; sent in `welcome.capabilities` so a client can check before it asks. */
export const CAPABILITIES = ['job.submit', 'job.cancel', 'job.list', 'job.get', 'job.follow', 'ping'] as const;
/** Extra capability of the local admin token (the CLI), see `pair.create`. */
export const ADMIN_CAPABILITIES = ['pair.create'] as const;

export type Capability = (typeof CAPABILITIES)[number] | (typeof ADMIN_CAPABILITIES)[number];
