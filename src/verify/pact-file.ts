import { readFileSync } from 'node:fs';
import { isPlainObject } from '../spec/index.ts';
import { PROVIDER_STATES, PROVIDER_STATES_VERSION } from './catalogue.ts';

/** A pact file that cannot be verified here: a usage problem, said in one line. */
export class PactFileError extends Error {
  override readonly name = 'PactFileError';
}

const CATALOGUE = new Set<string>(Object.values(PROVIDER_STATES).map((s) => s.name));

/** The provider states an interaction names: `providerStates` (Pact V3, V4) or `providerState` (V2). */
function statesOf(interaction: unknown): string[] {
  if (!isPlainObject(interaction)) return [];
  if (typeof interaction.providerState === 'string') return [interaction.providerState];
  const states = Array.isArray(interaction.providerStates) ? interaction.providerStates : [];
  return states.flatMap((s) => (isPlainObject(s) && typeof s.name === 'string' ? [s.name] : []));
}

/**
 * Reads a pact file once, at the boundary: it must be a pact for `provider` whose every provider
 * state is one of the catalogue's (an unknown state would run with nothing set up). Returns its consumer.
 */
export function checkPactFile(path: string, provider: string): { consumer: string } {
  let pact: unknown;
  try {
    pact = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new PactFileError(code === 'ENOENT' ? `${path}: no such file` : `${path} is not a JSON pact file`);
  }
  const name = (party: unknown) => (isPlainObject(party) && typeof party.name === 'string' ? party.name : undefined);
  const consumer = isPlainObject(pact) ? name(pact.consumer) : undefined;
  const pactProvider = isPlainObject(pact) ? name(pact.provider) : undefined;
  if (!isPlainObject(pact) || consumer === undefined || pactProvider === undefined || !Array.isArray(pact.interactions))
    throw new PactFileError(`${path} is not a pact file (no consumer, provider and interactions)`);
  if (pactProvider !== provider)
    throw new PactFileError(
      `${path} is a pact for provider "${pactProvider}", not "${provider}" (see --provider-name)`,
    );
  const unknown = pact.interactions.flatMap(statesOf).find((state) => !CATALOGUE.has(state));
  if (unknown !== undefined)
    throw new PactFileError(
      `${path} names the provider state "${unknown}", which is not in ${PROVIDER_STATES_VERSION} (docs/provider-states.md)`,
    );
  return { consumer };
}
