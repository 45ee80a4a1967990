// What every session needs from the daemon, gathered in one object so sessions stay testable and the
// daemon entry only wires.
import type { TargetInfo } from '../../shared/protocol/common.js';
import type { Logger } from '../log.js';
import type { AuthThrottle } from './auth/auth-throttle.js';
import type { ClientRegistry } from './auth/client-registry.js';
import type { PairingCodes } from './auth/pairing-codes.js';
import type { JobRegistry } from './job-registry.js';
import type { Limits } from './limits.js';

export interface DaemonContext {
  readonly limits: Limits;
  readonly logger: Logger;
  readonly clients: ClientRegistry;
  readonly throttle: AuthThrottle;
  readonly pairing: PairingCodes;
  readonly jobs: JobRegistry;
  readonly targets: readonly TargetInfo[];
  readonly serverVersion: string;
  isShuttingDown(): boolean;
}
