import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/cli.ts';
import { projectOnItsOwn, tempDir } from '../support/project.ts';

type Project = Awaited<ReturnType<typeof projectOnItsOwn>>;
let project: Project;
let plainServer: Server;
let plainUrl: string;

beforeAll(async () => {
  project = await projectOnItsOwn();
  // Another web server: what a DATOCMS_CDA_URL pasted from the wrong place points at.
  plainServer = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>It works</h1>'));
  await new Promise<void>((resolve) => plainServer.listen(0, '127.0.0.1', resolve));
  plainUrl = `http://127.0.0.1:${(plainServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await project.mock.close();
  await new Promise((resolve) => plainServer.close(resolve));
});

/** A token of the project whose role may not manage API tokens, as an admin would make one. */
async function tokenWithoutTokenRights(): Promise<string> {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${project.mock.cmaUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${project.mock.adminSecret}`,
        accept: 'application/json',
        'content-type': 'application/json',
        'x-api-version': '3',
      },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { data: { id: string; attributes: { token: string } } };
  };
  const role = await post('/roles', {
    data: { type: 'role', attributes: { name: 'editors', can_manage_access_tokens: false, can_manage_users: true } },
  });
  const token = await post('/access_tokens', {
    data: {
      type: 'access_token',
      attributes: { name: 'editor token', can_access_cma: true, can_access_cda: true, can_access_cda_preview: true },
      relationships: { role: { data: { type: 'role', id: role.data.id } } },
    },
  });
  return token.data.attributes.token;
}

/** The secret of the project's legacy full-access factory token, which has no role. */
async function fullAccessFactorySecret(): Promise<string> {
  const response = await fetch(`${project.mock.cmaUrl}/access_tokens`, {
    headers: { authorization: `Bearer ${project.mock.adminSecret}`, accept: 'application/json', 'x-api-version': '3' },
  });
  const { data } = (await response.json()) as {
    data: {
      attributes: { hardcoded_type: string | null; token: string };
      relationships: { role: { data: unknown } };
    }[];
  };
  const [factory] = data.filter((t) => t.attributes.hardcoded_type === 'admin' && t.relationships.role.data === null);
  if (!factory) throw new Error('the mock has no role-less full-access factory token');
  return factory.attributes.token;
}

const oneLine = (stderr: string) => expect(stderr.trim().split('\n')).toHaveLength(1);

describe('token-contract doctor', () => {
  it('passes against a project on its own, saying what it checked', async () => {
    const run = await runMain(['doctor'], project.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ CMA .* answers as a DatoCMS CMA, and accepts the token/);
    expect(run.stdout).toMatch(/✓ the token's role \("Admin"\) may manage API tokens and roles/);
    expect(run.stdout).toMatch(/✓ CDA .* answers as the same project's CDA \(locales /);
  });

  it('passes a token whose role is not shown (the docs allow a null role), saying its rights were not checked', async () => {
    const run = await runMain(['doctor'], { ...project.env, DATOCMS_API_TOKEN: await fullAccessFactorySecret() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /✓ the token's role is not shown \(a token may have none\), so its rights are not checked/,
    );
  });

  it('names each setup mistake in one line, exit 2', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [
        { DATOCMS_API_TOKEN: 'not-a-token-of-this-project' },
        /^token-contract: DATOCMS_API_TOKEN is not accepted by .* 401 /,
      ],
      [{ DATOCMS_API_TOKEN: await tokenWithoutTokenRights() }, /role "editors" lacks can_manage_access_tokens/],
      [
        { DATOCMS_CMA_URL: plainUrl },
        /DATOCMS_CMA_URL .* does not answer as a DatoCMS CMA \(GET \/site answered 200 text\/html/,
      ],
      [
        { DATOCMS_CDA_URL: plainUrl },
        /DATOCMS_CDA_URL .* does not answer as a DatoCMS CDA .*answered 200 text\/html\)\n$/,
      ],
    ];
    for (const [env, message] of cases) {
      const run = await runMain(['doctor'], { ...project.env, ...env });
      expect(run.code, JSON.stringify(env)).toBe(2);
      expect(run.stderr).toMatch(message);
      oneLine(run.stderr);
    }
  });

  it('opens every staging run: a wrong CDA URL is one line and exit 2, before anything is created', async () => {
    const tokens = await project.tokenNames();
    const roles = await project.roleNames();
    const run = await runMain(
      ['fuzz', '--target', 'staging', '--only', 'permissions-immediate-cda', '--runs', '1', '--report-dir', tempDir()],
      { ...project.env, DATOCMS_CDA_URL: plainUrl },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^token-contract: DATOCMS_CDA_URL .* does not answer as a DatoCMS CDA/);
    oneLine(run.stderr);
    expect(await project.tokenNames()).toEqual(tokens);
    expect(await project.roleNames()).toEqual(roles);
  });
});
