// Which pacts are pending for a provider branch, and which are work in progress, as the real broker decides.
import type { PublishedPact, ReceivedVerification, Store } from './store.ts';

const successfulVerificationsOf = (s: Store, pact: PublishedPact) =>
  s.verifications.filter(
    (v) => v.success && v.consumer === pact.consumer && v.provider === pact.provider && v.pactVersionSha === pact.sha,
  );

/** Whether a successful verification was made for the provider branch: from it, or from another before it existed. */
function madeForBranch(s: Store, v: ReceivedVerification, providerBranch: string): boolean {
  const branches = s.findVersion(v.provider, v.providerVersion)?.branches ?? [];
  if (branches.includes(providerBranch)) return true;
  const branchCreatedAt = s.branchCreatedAt(v.provider, providerBranch);
  return branches.some((b) => b !== providerBranch) && (branchCreatedAt === undefined || v.at < branchCreatedAt);
}

/**
 * pact_broker lib/pact_broker/pacts/pact_version.rb#pending_for_provider_branch?: pending unless a version of the
 * provider from this branch verified the pact successfully, or a version from another branch did before this
 * branch was created (so a new branch inherits what main verified, but not what main verified after it forked).
 * Without a branch, lib/pact_broker/domain/pact.rb#pending_for_any_provider_branch?: never verified successfully.
 */
export function isPending(s: Store, pact: PublishedPact, providerBranch: string | undefined): boolean {
  const successes = successfulVerificationsOf(s, pact);
  if (providerBranch === undefined) return successes.length === 0;
  return !successes.some((v) => madeForBranch(s, v, providerBranch));
}

/**
 * pact_broker lib/pact_broker/pacts/pacts_for_verification_repository.rb#find_wip_pact_versions_for_provider_by_provider_branch
 * (and pact_publication_wip_dataset_module.rb): the pacts of consumer branch heads published after `since`,
 * except those a version of this provider branch verified successfully outside WIP, those another branch
 * verified successfully outside WIP before this branch was created, and those the selectors already chose.
 */
export function wipPacts(
  s: Store,
  provider: string,
  providerBranch: string,
  since: Date,
  selected: readonly PublishedPact[],
): { pact: PublishedPact; consumerBranch: string }[] {
  const verifiedOutsideWip = (pact: PublishedPact) =>
    successfulVerificationsOf(s, pact).some((v) => !v.wip && madeForBranch(s, v, providerBranch));
  const alreadySelected = (pact: PublishedPact) =>
    selected.some((p) => p.consumer === pact.consumer && p.sha === pact.sha);

  const wip = new Map<string, { pact: PublishedPact; consumerBranch: string }>();
  for (const head of branchHeads(s)) {
    const pact = s.pacts.find(
      (p) => p.provider === provider && p.consumer === head.pacticipant && p.consumerVersion === head.number,
    );
    if (!pact || new Date(pact.publishedAt) <= since || verifiedOutsideWip(pact) || alreadySelected(pact)) continue;
    // One entry per pact content (VerifiablePact.deduplicate).
    const key = `${pact.consumer}\u0000${pact.sha}`;
    if (!wip.has(key)) wip.set(key, { pact, consumerBranch: head.branch });
  }
  return [...wip.values()];
}

/** The latest version of every branch of every pacticipant (the broker's branch_heads). */
function branchHeads(s: Store): { pacticipant: string; branch: string; number: string }[] {
  const heads = new Map<string, { pacticipant: string; branch: string; number: string; at: number }>();
  for (const v of s.versions) {
    for (const branch of v.branches) {
      const key = `${v.pacticipant}\u0000${branch}`;
      const head = heads.get(key);
      if (!head || v.at > head.at) heads.set(key, { pacticipant: v.pacticipant, branch, number: v.number, at: v.at });
    }
  }
  return [...heads.values()];
}
