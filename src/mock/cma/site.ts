import type { CmaRequest } from '../context.ts';
import { ok, type MockResponse } from '../responses.ts';
import { representation, roleResource, siteResource, tokenResource } from '../serialize.ts';

export function findSite(request: CmaRequest): MockResponse {
  const { store } = request.mock;
  return ok({ data: siteResource(store.site, store) });
}

/** GET /users/me: for an API token, its own resource (and its role with ?include=role). */
export function findMe(request: CmaRequest): MockResponse {
  const { mock, caller, capabilities, now, query } = request;
  const reveal = mock.hooks.revealSecret(caller, capabilities.manageTokens);
  const body: Record<string, unknown> = { data: tokenResource(caller, reveal, now, representation(mock)) };
  const role = caller.roleId === null ? undefined : mock.store.roles.get(caller.roleId);
  if (query.include === 'role') body.included = role ? [roleResource(role)] : [];
  return ok(body);
}
