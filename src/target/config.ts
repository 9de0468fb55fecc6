/** A configuration problem: one line for the user, CLI exit code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface RemoteConfig {
  cmaUrl: string;
  cdaUrl: string;
  token: string;
  environment: string | undefined;
}

export const DEFAULT_CMA_URL = 'https://site-api.datocms.com';
export const DEFAULT_CDA_URL = 'https://graphql.datocms.com';

/** Reads DATOCMS_API_TOKEN (required), DATOCMS_CMA_URL, DATOCMS_CDA_URL and DATOCMS_ENVIRONMENT. */
export function remoteConfigFromEnv(env: NodeJS.ProcessEnv): RemoteConfig {
  const token = env.DATOCMS_API_TOKEN?.trim();
  if (!token) {
    throw new ConfigError('DATOCMS_API_TOKEN is not set: give a token whose role may manage API tokens (see README)');
  }
  return {
    cmaUrl: baseUrl('DATOCMS_CMA_URL', env.DATOCMS_CMA_URL, DEFAULT_CMA_URL),
    cdaUrl: baseUrl('DATOCMS_CDA_URL', env.DATOCMS_CDA_URL, DEFAULT_CDA_URL),
    token,
    environment: env.DATOCMS_ENVIRONMENT?.trim() || undefined,
  };
}

function baseUrl(name: string, value: string | undefined, fallback: string): string {
  const text = value?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${name} is not a URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${name} must be http(s): ${text}`);
  return text.replace(/\/+$/, '');
}
