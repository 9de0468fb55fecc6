import { showReading, type AssumptionOverrides, type FaultName } from '../../spec/index.ts';
import type { MockHooks } from '../hooks.ts';

/** A realistic deviation from the contract, switched on by name at start (`--fault NAME`). */
export interface Fault {
  readonly name: FaultName;
  /** The server bug it models, in one sentence. */
  readonly summary: string;
  /**
   * The reading of an open point that this fault, seen one request at a time, is indistinguishable
   * from: a correct server may behave so, so the default oracle must not report it, and only
   * `--strict-assumptions` (which holds the mock to its own reading) does.
   */
  readonly takes?: AssumptionOverrides;
  /** Fresh hooks for one mock instance (faults with memory keep it here). */
  create(): MockHooks;
}

export const defineFault = (fault: Fault): Fault => fault;

/** The readings a fault takes, as `--assume` writes them (`key=value, …`); empty when it takes none. */
export const takenReadings = (fault: Fault): string =>
  Object.entries(fault.takes ?? {})
    .map(([key, value]) => `${key}=${showReading(value)}`)
    .join(', ');
