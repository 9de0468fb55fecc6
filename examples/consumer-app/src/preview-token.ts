import { buildClient } from '@datocms/cma-client-node';

export interface PreviewAccess {
  name: string;
  can_access_cda: boolean;
  can_access_cda_preview: boolean;
  can_access_cma: boolean;
}

export interface UpdatedToken {
  id: string;
  name: string;
  roleId: string | null;
}

/**
 * The app's one use of "Update an API token": it sets the access of the token its preview
 * website reads drafts with, and moves it to another role when asked.
 */
export async function updatePreviewToken(
  project: { apiToken: string; baseUrl: string },
  tokenId: string,
  access: PreviewAccess,
  roleId?: string,
): Promise<UpdatedToken> {
  const client = buildClient({ apiToken: project.apiToken, baseUrl: project.baseUrl, autoRetry: false });
  const token = await client.accessTokens.update(tokenId, {
    ...access,
    ...(roleId === undefined ? {} : { role: { type: 'role', id: roleId } }),
  });
  return { id: token.id, name: token.name, roleId: token.role?.id ?? null };
}
