// The public face of the script client, for Node scripts:
//   import { GleanerClient } from 'gleaner/client'  (or from the package's main entry, if it re-exports this)
export { GleanerClient, type ConnectOptions, type JobEvent, type JobHandle, type SubmitOptions } from './gleaner-client.js';
export { resolveToken, resolveUrl } from './cli-connection.js';
export * from '../../shared/protocol/index.js';
