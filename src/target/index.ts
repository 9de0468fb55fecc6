import { randomBytes } from 'node:crypto';
import { errorCodes, isPlainObject, loadContract } from '../spec/index.ts';
import { createTarget, type ClientOptions } from './client.ts';
import type { RemoteConfig } from './config.ts';
import { TransportError } from './http.ts';
import { Ledger, type LedgerEntry, type ProjectBinding } from './ledger.ts';
import { cmaCalls } from './requests.ts';
import type { Target, TargetInfo } from './types.ts';

export { boundedExchange } from './bounded.ts';
export { curlLine } from './curl.ts';
export { ConfigError, DEFAULT_CDA_URL, DEFAULT_CMA_URL, remoteConfigFromEnv, type RemoteConfig } from './config.ts';
export { TransportError, type Send } from './http.ts';
export {
  Ledger,
  OwnershipError,
  writtenResource,
  type LedgerEntry,
  type LedgerFile,
  type ProjectBinding,
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

/** The run that named something `tc-<runid>-…`, if the name is one of ours: its id, and when it started. */
export function runOf(name: string): { id: string; startedAt: number } | undefined {
  const match = /^tc-(([0-9a-z]+)[0-9a-f]{2})-/.exec(name);
  if (!match) return undefined;
  const at = parseInt(match[2] as string, 36);
  return Number.isFinite(at) && at > Date.UTC(2020, 0, 1) && at < Date.UTC(2100, 0, 1)
    ? { id: match[1] as string, startedAt: at }
    : undefined;
}

/**
 * The project a target serves: the origin of its CMA and the id of the site it answers for (read
 * with the admin credential). A TransportError when it does not say: ids of an unknown project
 * are nobody's to record, nor to delete.
 */
export async function projectOf(target: Target): Promise<ProjectBinding> {
  const origin = new URL(target.info.cmaUrl).origin;
  const { status, body } = (await target.cma(cmaCalls.site())).response;
  const id = isPlainObject(body) && isPlainObject(body.data) ? body.data.id : undefined;
  if (status === 200 && typeof id === 'string' && id !== '') return { origin, project: id };
  const code = errorCodes(body)[0];
  throw new TransportError(
    `GET ${origin}/site answered ${status}${code ? ` ${code}` : ''}, not a site with an id: cannot tell which project it serves`,
    'NO_PROJECT',
  );
}

/**
 * A project on a CMA and a CDA: staging, or any server that implements the endpoints in the README.
 * With a ledger on disk, the target first reads which project it serves and binds the ledger to it,
 * so that no cleanup ever deletes its ids on another one. (A ledger kept in memory dies with the
 * run: no /site read, which leaves a scripted server's or a pact's exchanges as they are.)
 */
export async function remoteTarget(config: RemoteConfig, options: TargetOptions = {}): Promise<Target> {
  const runId = options.runId ?? newRunId();
  const ledger = new Ledger(runId, new URL(config.cmaUrl).origin, options.ledgerPath);
  const target = createTarget({
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
  try {
    if (options.ledgerPath) ledger.bind(await projectOf(target));
  } catch (error) {
    await target.close();
    throw error;
  }
  // Owned only once the ledger knows its project: the first write of the file already says it.
  for (const entry of options.owned ?? []) ledger.own(entry.kind, entry.id, entry.name);
  return target;
}
export { politeTransport, type PoliteOptions } from './transport.ts';
export { ALL_SURFACES, cmaCalls, listedResources, type ListedResource } from './requests.ts';
