// The companion's WebSocket protocol: versions, message schemas (zod) with their inferred types, and
// the parsers both ends use at the edge. Pure: no node:* and no browser.* imports, because the
// extension's background and the companion both import it.
//
// Conversation:
//   client → hello {version, client, token | code}     server → welcome {targets, capabilities, token?}
//   client → job.submit {items, target, options}       server → job.accepted {job}
//                                                      server → job.progress* job.item* job.done
//   client → job.get {job, from, follow}               server → job.state {info, items, next, more}
//   client → job.cancel {job} / job.list / ping        server → ok / job.listed / pong
//   (admin) → pair.create                              server → pair.code {code, expiresAt}
//   any failure                                        server → error {code, message, re?, job?, fatal?}
export * from './version.js';
export * from './common.js';
export * from './client-messages.js';
export * from './server-messages.js';
export * from './parse.js';
