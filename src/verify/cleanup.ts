import { cmaCalls, type Target } from '../target/index.ts';

/**
 * Deletes everything the target's ledger says the run owns (tokens first: a role in use cannot go),
 * creations whose answer was lost included: after each interaction, and once more at the end.
 */
export async function removeOwned(target: Target): Promise<void> {
  await target.ownership.settle();
  const owned = target.ownership.owned();
  for (const entry of [...owned.filter((e) => e.kind === 'access_token'), ...owned.filter((e) => e.kind === 'role')])
    await target.cma(cmaCalls.remove(entry.kind, entry.id));
}
