import { randomBytes } from 'node:crypto';
import { loadContract } from '../spec/index.ts';
import { createTarget, type ClientOptions } from './client.ts';
import type { RemoteConfig } from './config.ts';
import { Ledger, type LedgerEntry } from './ledger.ts';
import type { Target, TargetInfo } from './types.ts';

export { curlLine } from './curl.ts';
export { ConfigError, DEFAULT_CDA_URL, DEFAULT_CMA_URL, remoteConfigFromEnv, type RemoteConfig } from './config.ts';
export { TransportError, type Send } from './http.ts';
export {
  Ledger,
  OwnershipError,
  writtenResource,
  type LedgerEntry,
  type LedgerFile,
  type ResourceKind,
} from './ledger.ts';
export { fingerprint, redactedSecret } from './vault.ts';
export { TrafficCounter } from './stats.ts';
export type * from './types.ts';

export interface TargetOptions {
  /** Where the ownership ledger is kept on disk (none: memory only). */
  ledgerPath?: string;
  runId?: string;
  transport?: ClientOptions['transport'];
  timeoutMs?: number;
  /** A remote project its owner declared a throwaway sandbox: its factory tokens are written to, as on the mock. */
  disposable?: boolean;
  /** Resources the caller vouches the run owns (leftovers to clean up, a contract's example ids). */
  owned?: readonly Pick<LedgerEntry, 'kind' | 'id' | 'name'>[];
  /** The suite's own mock on loopback, for reports (the caller started it, and stops it `onClose`). */
  kind?: TargetInfo['kind'];
  label?: string;
  onClose?: () => Promise<void>;
}

/** A run id: the start time (base 36) and a random byte, so that leftovers show their age. */
export const newRunId = (now = Date.now()): string => `${now.toString(36)}${randomBytes(1).toString('hex')}`;

/** When the run that named something `tc-<runid>-…` started, if the name is one of ours. */
export function runStartedAt(name: string): number | undefined {
  const match = /^tc-([0-9a-z]+)([0-9a-f]{2})-/.exec(name);
  if (!match) return undefined;
  const at = parseInt(match[1] as string, 36);
  return Number.isFinite(at) && at > Date.UTC(2020, 0, 1) && at < Date.UTC(2100, 0, 1) ? at : undefined;
}

/** A project on a CMA and a CDA: staging, or any server that implements the endpoints in the README. */
export async function remoteTarget(config: RemoteConfig, options: TargetOptions = {}): Promise<Target> {
  const runId = options.runId ?? newRunId();
  const ledger = new Ledger(runId, config.cmaUrl, options.ledgerPath);
  for (const entry of options.owned ?? []) ledger.own(entry.kind, entry.id, entry.name);
  return createTarget({
    info: {
      kind: options.kind ?? 'remote',
      label: options.label ?? config.cmaUrl,
      cmaUrl: config.cmaUrl,
      cdaUrl: config.cdaUrl,
      disposable: options.disposable ?? false,
    },
    adminSecret: config.token,
    environment: config.environment,
    contract: await loadContract(),
    ledger,
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onClose ? { onClose: options.onClose } : {}),
  });
}
export { politeTransport, type PoliteOptions } from './transport.ts';
export { ALL_SURFACES, cmaCalls } from './requests.ts';
