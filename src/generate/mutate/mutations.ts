import fc from 'fast-check';
import { isPlainObject, type JsonSchema, type JsonType } from '../../spec/index.ts';

/** The labelled ways a valid value is made invalid. */
export type MutationKind =
  | 'drop-required'
  | 'wrong-type'
  | 'null-not-nullable'
  | 'unknown-key'
  | 'wrong-const'
  | 'wrong-enum'
  | 'too-short'
  | 'too-long'
  | 'out-of-range';

/** Random material a mutation draws on, generated (and shrunk) by fast-check. */
export interface Entropy {
  text: string;
  key: string;
  type: JsonType;
  number: number;
}

export const entropy: fc.Arbitrary<Entropy> = fc.record({
  text: fc.string({ maxLength: 12 }),
  key: fc.string({ minLength: 1, maxLength: 12 }),
  type: fc.constantFrom<JsonType>('null', 'boolean', 'integer', 'number', 'string', 'array', 'object'),
  number: fc.integer({ min: -1000, max: 1000 }),
});

export interface Mutation {
  kind: MutationKind;
  /** Where, as a JSON pointer into the value. */
  pointer: string;
  apply(value: unknown, entropy: Entropy): unknown;
}

const sampleOf = (type: JsonType, e: Entropy): unknown =>
  ({
    null: null,
    boolean: e.number % 2 === 0,
    integer: e.number,
    number: e.number + 0.5,
    string: e.text,
    array: [e.text],
    object: { [e.key]: e.number },
  })[type];

const allowedTypes = (schema: JsonSchema): JsonType[] | undefined =>
  schema.type === undefined ? undefined : [schema.type].flat();

const typeOf = (value: unknown): JsonType =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? 'integer'
          : 'number'
        : (typeof value as JsonType);

/** Every way to make `value` invalid against `schema`, found by walking both together. */
export function mutationsOf(schema: JsonSchema, value: unknown, pointer = ''): Mutation[] {
  const here = (kind: MutationKind, replace: (e: Entropy) => unknown): Mutation => ({
    kind,
    pointer,
    apply: (root, e) => setAt(root, pointer, replace(e)),
  });
  const found: Mutation[] = [];
  const types = allowedTypes(schema);
  if (types) {
    const forbidden = (t: JsonType) => !types.includes(t) && !(t === 'integer' && types.includes('number'));
    found.push(here('wrong-type', (e) => sampleOf(forbidden(e.type) ? e.type : firstForbidden(types), e)));
    if (!types.includes('null')) found.push(here('null-not-nullable', () => null));
  }
  if (schema.const !== undefined) found.push(here('wrong-const', (e) => differentFrom(schema.const, e)));
  if (schema.enum) {
    const choices = schema.enum;
    found.push(here('wrong-enum', (e) => (choices.includes(`${e.text}_x`) ? `${e.text}_y` : `${e.text}_x`)));
  }
  if (typeof value === 'string') {
    if ((schema.minLength ?? 0) > 0) found.push(here('too-short', () => ''));
    if (schema.maxLength !== undefined) found.push(here('too-long', (e) => 'x'.repeat(schema.maxLength! + 1) + e.text));
  }
  if (typeof value === 'number' && (schema.minimum !== undefined || schema.maximum !== undefined)) {
    found.push(
      here('out-of-range', () => (schema.minimum !== undefined ? schema.minimum - 1 : (schema.maximum as number) + 1)),
    );
  }
  if (isPlainObject(value)) {
    for (const key of schema.required ?? []) {
      if (key in value)
        found.push({
          kind: 'drop-required',
          pointer: `${pointer}/${escape(key)}`,
          apply: (root) => removeAt(root, `${pointer}/${escape(key)}`),
        });
    }
    if (schema.additionalProperties === false) {
      const declared = schema.properties ?? {};
      found.push(
        here('unknown-key', (e) => ({
          ...value,
          [Object.hasOwn(declared, e.key) ? `${e.key}_x` : e.key]: sampleOf(e.type, e),
        })),
      );
    }
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (Object.hasOwn(value, key)) found.push(...mutationsOf(sub, value[key], `${pointer}/${escape(key)}`));
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => found.push(...mutationsOf(schema.items as JsonSchema, item, `${pointer}/${i}`)));
  }
  return found;
}

function firstForbidden(types: JsonType[]): JsonType {
  const all: JsonType[] = ['string', 'integer', 'boolean', 'object', 'array', 'null'];
  return all.find((t) => !types.includes(t) && !(t === 'integer' && types.includes('number'))) as JsonType;
}

function differentFrom(constant: unknown, e: Entropy): unknown {
  if (typeof constant === 'string') return e.text === constant ? `${constant}_` : e.text;
  return typeOf(constant) === e.type ? sampleOf('string', e) : sampleOf(e.type, e);
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** A copy of root with the value at pointer replaced ('' replaces the root). */
export function setAt(root: unknown, pointer: string, replacement: unknown): unknown {
  if (pointer === '') return replacement;
  const [head, ...rest] = pointer.slice(1).split('/');
  const key = unescape(head as string);
  const tail = rest.length === 0 ? '' : `/${rest.join('/')}`;
  if (Array.isArray(root)) return root.map((item, i) => (String(i) === key ? setAt(item, tail, replacement) : item));
  const object = isPlainObject(root) ? root : {};
  return { ...object, [key]: setAt(object[key], tail, replacement) };
}

/** A copy of root without the key at pointer. */
export function removeAt(root: unknown, pointer: string): unknown {
  const segments = pointer.slice(1).split('/');
  const last = unescape(segments.pop() as string);
  const parentPointer = segments.length === 0 ? '' : `/${segments.join('/')}`;
  const parent = getAt(root, parentPointer);
  if (!isPlainObject(parent)) return root;
  const { [last]: _removed, ...kept } = parent;
  return setAt(root, parentPointer, kept);
}

export function getAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  return pointer
    .slice(1)
    .split('/')
    .reduce<unknown>(
      (node, segment) =>
        isPlainObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[unescape(segment)] : undefined,
      root,
    );
}
