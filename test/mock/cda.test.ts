import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRole, createToken, startTestMock, type TestMock } from '../support/mock-client.ts';

let t: TestMock;
let role: string;
beforeAll(async () => {
  t = await startTestMock();
  role = await createRole(t, 'cda-reader');
});
afterAll(() => t.close());

const ARTICLES = '{ allArticles { title _status } }';
const code = (reply: { body: { data: { attributes: { code: string } }[] } }) => reply.body.data[0]?.attributes.code;

describe('the CDA', () => {
  it('executes GraphQL: published content without the header', async () => {
    const reply = await t.cda(ARTICLES);
    expect(reply.status).toBe(200);
    expect(reply.body.data.allArticles).toEqual([
      { title: 'Hello, world', _status: 'published' },
      { title: 'Release notes', _status: 'updated' },
    ]);
  });

  it('serves the latest drafts with X-Include-Drafts: true', async () => {
    const reply = await t.cda(ARTICLES, { drafts: 'true' });
    expect(reply.body.data.allArticles.map((a: { title: string }) => a.title)).toEqual([
      'Hello, world',
      'Release notes (edited)',
      'Unpublished draft',
    ]);
  });

  it('answers the suite probe { _site { locales } }', async () => {
    expect((await t.cda('{ _site { locales } }')).body).toEqual({ data: { _site: { locales: ['en', 'it'] } } });
  });

  it.each(['false', 'TRUE', '1', ''])('refuses X-Include-Drafts: %j', async (value) => {
    const reply = await t.cda(ARTICLES, { drafts: value });
    expect([reply.status, code(reply)]).toEqual([400, 'INVALID_X_INCLUDE_DRAFTS_HEADER']);
    expect(reply.body.data[0].attributes.details.message).toMatch(/only be set to `true`/);
  });

  it('answers query errors with 200 and errors[]', async () => {
    const reply = await t.cda('{ nope }');
    expect(reply.status).toBe(200);
    expect(reply.body.errors[0].message).toMatch(/Cannot query field "nope"/);
  });

  it('refuses a body without a query', async () => {
    const reply = await t.cda('', { raw: '{"variables":{}}' });
    expect([reply.status, code(reply)]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('refuses a missing or unknown token', async () => {
    expect(code(await t.cda(ARTICLES, { token: null }))).toBe('INVALID_AUTHORIZATION_HEADER');
    expect((await t.cda(ARTICLES, { token: 'nope' })).status).toBe(401);
  });
});

describe('the CDA flags', () => {
  const flags = (cda: boolean, preview: boolean) => ({
    can_access_cda: cda,
    can_access_cda_preview: preview,
    can_access_cma: false,
  });

  it('a token without any CDA flag is refused', async () => {
    const token = await createToken(t, role, flags(false, false));
    const reply = await t.cda(ARTICLES, { token: token.secret });
    expect([reply.status, code(reply)]).toEqual([401, 'INVALID_AUTHORIZATION_HEADER']);
  });

  it('can_access_cda alone reads published content, not drafts', async () => {
    const token = await createToken(t, role, flags(true, false));
    expect((await t.cda(ARTICLES, { token: token.secret })).status).toBe(200);
    const drafts = await t.cda(ARTICLES, { token: token.secret, drafts: 'true' });
    expect([drafts.status, code(drafts)]).toEqual([401, 'INVALID_AUTHORIZATION_HEADER']);
  });

  it('can_access_cda_preview alone reads drafts, and published content (the assumed "or")', async () => {
    const token = await createToken(t, role, flags(false, true));
    expect((await t.cda(ARTICLES, { token: token.secret, drafts: 'true' })).status).toBe(200);
    expect((await t.cda(ARTICLES, { token: token.secret })).status).toBe(200);
  });

  it('the other reading of the docs can be chosen', async () => {
    const strict = await startTestMock({ assumptions: { previewFlagReadsPublished: false } });
    try {
      const strictRole = await createRole(strict, 'r');
      const token = await createToken(strict, strictRole, flags(false, true));
      expect((await strict.cda(ARTICLES, { token: token.secret })).status).toBe(401);
    } finally {
      await strict.close();
    }
  });
});
