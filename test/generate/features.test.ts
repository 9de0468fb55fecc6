import { describe, expect, it } from 'vitest';
import {
  nameClasses,
  showFeature,
  updateCaseFeatures as featuresOf,
  type UpdateCase,
} from '../../src/generate/index.ts';

const updateCaseFeatures = (c: UpdateCase): string[] => featuresOf(c).map(showFeature);

const start: UpdateCase['start'] = {
  name: 'start',
  flags: { can_access_cda: false, can_access_cda_preview: false, can_access_cma: true },
  role: 'manager',
};
const update = (attributes: Record<string, string | boolean>, rest: Partial<UpdateCase> = {}): UpdateCase => ({
  target: 'owned',
  start,
  caller: 'admin',
  contentType: 'application/json',
  body: { data: { type: 'access_token', id: '{{target}}', attributes } },
  mutation: undefined,
  ...rest,
});

describe('the input classes of an update case', () => {
  it('a valid update covers the change it asks for: each flag, the name, the role', () => {
    const features = updateCaseFeatures(update({ name: 'ok', can_access_cda: true, can_access_cma: true }));
    expect(features).toEqual(
      expect.arrayContaining([
        'body:valid',
        'name:plain',
        'can_access_cda:granted',
        'can_access_cda_preview:omitted',
        'can_access_cma:kept-on',
        'role:omitted',
      ]),
    );
  });

  it('a refused update covers only why it is refused: its names and flags change nothing', () => {
    const broken = updateCaseFeatures(
      update({ name: 'ok', can_access_cda: true }, { mutation: { kind: 'wrong-type', pointer: '/x' } }),
    );
    expect(broken).toContain('mutation:wrong-type');
    expect(broken.some((f) => f.startsWith('can_access') || f.startsWith('name:'))).toBe(false);
    expect(updateCaseFeatures(update({ name: 'ok' }, { caller: 'no-manage' }))).not.toContain('name:plain');
  });

  it('a case refused for two reasons covers neither: the server reports whichever it checks first', () => {
    expect(updateCaseFeatures(update({ name: 'ok' }, { target: 'unknown' }))).toContain('target:unknown');
    const both = updateCaseFeatures(update({ name: 'ok' }, { target: 'unknown', caller: 'none' }));
    expect(both.some((f) => f.startsWith('target:') || f.startsWith('caller:'))).toBe(false);
  });

  it("an update of the caller's own token covers the caller's refusal and the pair: the token is not a reason", () => {
    expect(updateCaseFeatures(update({ name: 'ok' }, { target: 'self', caller: 'no-cma' }))).toEqual([
      'media:application/json',
      'caller:no-cma',
      'target:self-as-no-cma',
    ]);
  });

  it('a name the docs leave open covers its classes, and the rest of its body with an even chance (it may be refused)', () => {
    const chances = (c: UpdateCase) => Object.fromEntries(featuresOf(c).map((f) => [showFeature(f), f.chance]));
    const blank = chances(update({ name: '  ', can_access_cda: true }));
    expect(blank['name:blank']).toBe(1);
    expect(blank['can_access_cda:granted']).toBe(0.5);
    expect(chances(update({ name: 'plain name', can_access_cda: true }))['can_access_cda:granted']).toBe(1);
  });

  it('names fall into the boundary classes where servers break', () => {
    expect(nameClasses('plain name')).toEqual(['plain']);
    expect(nameClasses(' padded ')).toEqual(['padded']);
    expect(nameClasses('😀')).toEqual(['astral']);
    expect(nameClasses('日本語')).toEqual(['non-ascii']);
    expect(nameClasses('x'.repeat(150))).toEqual(['long']);
    expect(nameClasses('x'.repeat(300))).toEqual(['long', '255+ code points']);
    expect(nameClasses('é'.repeat(150))).toEqual(['long', '255+ bytes', 'non-ascii']);
  });
});
