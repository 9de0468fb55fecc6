import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accepted,
  defaultAssumptions,
  loadContract,
  SPEC_FILES,
  OPERATION_IDS,
  parseAssumption,
  readings,
  showReading,
  variantChoices,
  ASSUMPTION_KEYS,
  type Assumption,
  resolveAssumptions,
  type Contract,
} from '../../src/spec/index.ts';

let contract: Contract;
beforeAll(async () => {
  contract = await loadContract();
});

describe('the documents', () => {
  it('are OpenAPI 3.1 and hold every operation the suite names', () => {
    expect(contract.documents.cma.openapi).toBe('3.1.0');
    expect(contract.documents.cda.openapi).toBe('3.1.0');
    expect([...contract.operations.keys()].sort()).toEqual([...OPERATION_IDS].sort());
  });

  // The suite reads them without this check, at every start: here is where a broken edit fails.
  it.each(Object.entries(SPEC_FILES))(
    '%s: passes swagger-parser validation against the OpenAPI 3.1 schema',
    async (_, file) => {
      await expect(SwaggerParser.validate(file)).resolves.toMatchObject({ openapi: '3.1.0' });
    },
  );

  it('the validation above can fail: a document that breaks the OpenAPI schema is refused, saying where', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spec-'));
    const file = join(dir, 'broken.json');
    await writeFile(
      file,
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'x', version: '1' },
        paths: { '/a': { get: { responses: { '200': {} } } } },
      }),
    );
    await expect(SwaggerParser.validate(file)).rejects.toThrow(
      /paths\/~1a\/get\/responses\/200 must have required property 'description'/,
    );
  });

  it('the update operation carries the doc page prose', () => {
    const update = contract.operation('updateAccessToken');
    expect(update.method).toBe('PUT');
    expect(update.pathTemplate).toBe('/access_tokens/{access_token_id}');
    expect(update.docUrl).toBe('https://www.datocms.com/docs/content-management-api/resources/access-token/update');
    for (const sentence of [
      "The token's secret value is not affected",
      "the token's existing role is preserved",
      'Changes to the role or surface flags take effect',
      'NON_EDITABLE_ACCESS_TOKEN',
    ]) {
      expect(update.description.replace(/\s+/g, ' ')).toContain(sentence);
    }
  });

  it('every CMA operation documents the errors of the protocol, as JSON:API error documents', () => {
    const errorSchema = contract.schema('ApiErrorDocument');
    for (const operation of contract.operations.values()) {
      if (operation.api !== 'cma') continue;
      for (const status of ['401', '404', '406', '429']) {
        expect(operation.responses.get(status)?.content.get('application/json'), `${operation.id} ${status}`).toBe(
          errorSchema,
        );
      }
    }
  });
});

describe('the examples', () => {
  it('every request example validates against its own schema', () => {
    let count = 0;
    for (const operation of contract.operations.values()) {
      for (const [name, value] of operation.requestExamples) {
        const schema = operation.requestBody?.get('application/json');
        expect(schema, `${operation.id}/${name}`).toBeDefined();
        expect(contract.validate(schema!, value).issues, `${operation.id}/${name}`).toEqual([]);
        count += 1;
      }
    }
    expect(count).toBeGreaterThanOrEqual(5);
  });

  it('every response example validates against the schema of its status', () => {
    let count = 0;
    for (const operation of contract.operations.values()) {
      for (const [name, { status, value }] of operation.responseExamples) {
        const schema = operation.responses.get(status)?.content.get('application/json');
        expect(contract.validate(schema!, value).issues, `${operation.id}/${name}`).toEqual([]);
        count += 1;
      }
    }
    expect(count).toBeGreaterThanOrEqual(6);
  });
});

describe('request validation', () => {
  const schema = () => contract.operation('updateAccessToken').requestBody!.get('application/json')!;
  const valid = {
    data: {
      type: 'access_token',
      id: '1',
      attributes: { name: 'x', can_access_cda: true, can_access_cda_preview: false, can_access_cma: true },
    },
  };
  const messages = (value: unknown) => contract.validate(schema(), value).issues.map((i) => i.message);

  it('accepts a valid body, with or without relationships', () => {
    expect(messages(valid)).toEqual([]);
    expect(messages({ data: { ...valid.data, relationships: { role: { data: { type: 'role', id: '2' } } } } })).toEqual(
      [],
    );
  });

  it.each([
    [
      'a missing attribute',
      { data: { ...valid.data, attributes: { name: 'x', can_access_cda: true, can_access_cma: true } } },
      '#/data/attributes: "can_access_cda_preview" wasn\'t supplied.',
    ],
    [
      'an unknown attribute',
      { data: { ...valid.data, attributes: { ...valid.data.attributes, token: 'abc' } } },
      '#/data/attributes: "token" is not a permitted key.',
    ],
    [
      'a wrong type',
      { data: { ...valid.data, attributes: { ...valid.data.attributes, name: 5 } } },
      '#/data/attributes/name: expected string, got integer.',
    ],
    ['a wrong resource type', { data: { ...valid.data, type: 'role' } }, '#/data/type: must be "access_token".'],
    [
      'a null role',
      { data: { ...valid.data, relationships: { role: { data: null } } } },
      '#/data/relationships/role/data: expected object, got null.',
    ],
    [
      'a missing id',
      { data: { type: 'access_token', attributes: valid.data.attributes } },
      '#/data: "id" wasn\'t supplied.',
    ],
  ])('rejects %s with a message naming the place', (_label, body, message) => {
    expect(messages(body)).toContain(message);
  });
});

describe('assumptions', () => {
  it('an override keeps the old default acceptable', () => {
    const resolved = resolveAssumptions({ nonEditableStatus: 422 });
    expect(resolved.nonEditableStatus.value).toBe(422);
    expect(accepted(resolved.nonEditableStatus)).toEqual([422, 401, 403]);
    expect(accepted(resolved.nonEditableStatus, true)).toEqual([422]);
    expect(accepted(defaultAssumptions.nonEditableStatus)).toEqual([401, 403, 422]);
  });

  it('--assume parses key=value and refuses what is not a documented choice', () => {
    expect(parseAssumption('nonEditableStatus=422')).toEqual(['nonEditableStatus', 422]);
    expect(parseAssumption('blankName=accepted')).toEqual(['blankName', 'accepted']);
    expect(parseAssumption('manageTokensToUpdate=allowed')).toEqual(['manageTokensToUpdate', 'allowed']);
    expect(() => parseAssumption('nonEditableStatus=500')).toThrow(/expected one of "401", "403", "422"/);
    expect(() => parseAssumption('nope=1')).toThrow(/key one of/);
    expect(parseAssumption('unknownRole=422 INVALID_RELATIONSHIP')).toEqual([
      'unknownRole',
      { status: 422, code: 'INVALID_RELATIONSHIP' },
    ]);
    expect(parseAssumption('checkOrder=body→permission→lookup→factory')).toEqual([
      'checkOrder',
      ['body', 'permission', 'lookup', 'factory'],
    ]);
  });

  it('a variant draws one reading of every point from its seed, the same on every run', () => {
    expect(variantChoices(7)).toEqual(variantChoices(7));
    const drawn = Array.from({ length: 20 }, (_, seed) => variantChoices(seed));
    for (const key of ASSUMPTION_KEYS) {
      const options = readings(defaultAssumptions[key] as Assumption<unknown>).map(showReading);
      const seen = new Set(drawn.map((choices) => showReading(choices[key])));
      for (const reading of seen) expect(options, key).toContain(reading);
      // Over twenty seeds, every point with a choice is seen taking another reading.
      if (options.length > 1) expect(seen.size, key).toBeGreaterThan(1);
    }
  });
});
