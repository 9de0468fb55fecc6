import { randomBytes } from 'node:crypto';
import { startMock, type MockOptions } from '../mock/index.ts';
import { loadContract } from '../spec/index.ts';
import { createTarget, type ClientOptions } from './client.ts';
import type { RemoteConfig } from './config.ts';
import { Ledger } from './ledger.ts';
import type { Target } from './types.ts';

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
export type * from './types.ts';

export interface TargetOptions {
  /** Where the ownership ledger is kept on disk (none: memory only). */
  ledgerPath?: string;
  runId?: string;
  transport?: ClientOptions['transport'];
  timeoutMs?: number;
  /** A remote project its owner declared a throwaway sandbox: its factory tokens are written to, as on the mock. */
  disposable?: boolean;
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

/** The default target: the mock, started in this process on ephemeral loopback ports. */
export async function embeddedTarget(mockOptions: MockOptions = {}, options: TargetOptions = {}): Promise<Target> {
  const mock = await startMock(mockOptions);
  const label = [
    'embedded mock',
    ...(mock.faults.length > 0 ? [`faults: ${mock.faults.join(', ')}`] : []),
    ...(mockOptions.variant === undefined ? [] : [`variant ${mockOptions.variant}`]),
  ].join(', ');
  const runId = options.runId ?? newRunId();
  return createTarget({
    kind: 'mock',
    label,
    cmaUrl: mock.cmaUrl,
    cdaUrl: mock.cdaUrl,
    adminSecret: mock.adminSecret,
    disposable: true,
    contract: await loadContract(),
    ledger: new Ledger(runId, label, options.ledgerPath),
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    onClose: () => mock.close(),
  });
}

/** A real project (staging), or any server that implements the endpoints in the README. */
export async function remoteTarget(config: RemoteConfig, options: TargetOptions = {}): Promise<Target> {
  const runId = options.runId ?? newRunId();
  return createTarget({
    kind: 'remote',
    label: config.cmaUrl,
    cmaUrl: config.cmaUrl,
    cdaUrl: config.cdaUrl,
    adminSecret: config.token,
    environment: config.environment,
    disposable: options.disposable ?? false,
    contract: await loadContract(),
    ledger: new Ledger(runId, config.cmaUrl, options.ledgerPath),
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}
export { politeTransport, type PoliteOptions } from './transport.ts';
export { ALL_SURFACES, cmaCalls } from './requests.ts';
