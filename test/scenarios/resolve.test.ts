import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { UpdateCase } from '../../src/generate/index.ts';
import { resolveUpdate, type World } from '../../src/scenarios/index.ts';
import type { JsonValue } from '../../src/spec/index.ts';

// resolveUpdate reads only the world's ids and role names.
const world = {
  ids: {
    roles: { manager: '1', viewer: '2' },
    unknownRoleId: '3',
    subject: '10',
    bystander: '11',
    weakCaller: '12',
    noCmaCaller: '13',
    factoryTokens: [],
    unknownTokenId: '99',
    deletedTokenId: '98',
  },
  roleName: (id: string | null) => (id === '1' ? 'manager' : id === '2' ? 'viewer' : undefined),
} as unknown as World;

const withBody = (body: JsonValue): UpdateCase => ({
  target: 'owned',
  start: {
    name: 's',
    flags: { can_access_cda: true, can_access_cda_preview: true, can_access_cma: true },
    role: 'viewer',
  },
  caller: 'admin',
  contentType: 'application/json',
  body,
  mutation: undefined,
});
const sent = (body: JsonValue) => JSON.stringify(resolveUpdate(withBody(body), world, undefined).body);
const isRawCase = (v: JsonValue) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof v.raw === 'string';

describe('resolving an update case', () => {
  test.prop([
    fc
      .jsonValue()
      .map((v) => v as JsonValue)
      .filter((v) => !isRawCase(v)),
  ])('replaces only the placeholders: a body without any is sent as generated, key for key', (body) => {
    expect(sent(body)).toBe(JSON.stringify(body));
  });

  test.prop([fc.constantFrom('constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf')])(
    'a string named like an Object.prototype member stays that string',
    (name) => {
      expect(sent(name)).toBe(JSON.stringify(name));
      expect(sent({ data: { attributes: { name } } })).toBe(JSON.stringify({ data: { attributes: { name } } }));
    },
  );

  test.prop([fc.constant(JSON.parse('{"data":{"__proto__":{"id":"{{target}}"},"type":"access_token"}}') as JsonValue)])(
    'an own "__proto__" key stays a key, and is what the oracles see',
    (body) => {
      expect(sent(body)).toBe('{"data":{"__proto__":{"id":"10"},"type":"access_token"}}');
    },
  );
});
