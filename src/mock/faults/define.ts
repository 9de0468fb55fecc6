import type { FaultName } from '../../spec/index.ts';
import type { MockHooks } from '../hooks.ts';

/** A realistic deviation from the contract, switched on by name at start (`--fault NAME`). */
export interface Fault {
  readonly name: FaultName;
  /** The server bug it models, in one sentence. */
  readonly summary: string;
  /** Fresh hooks for one mock instance (faults with memory keep it here). */
  create(): MockHooks;
}

export const defineFault = (fault: Fault): Fault => fault;
