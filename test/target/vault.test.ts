import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { redactedSecret, SecretVault } from '../../src/target/vault.ts';

const hexSecret = fc.stringMatching(/^[0-9a-f]{30,50}$/);
// Text around a leaked secret, hex digits included: a secret glued to other hex is still a secret.
const surrounding = fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^[0-9a-f]{0,20}$/));

describe('the secret vault', () => {
  test.prop([hexSecret, surrounding, surrounding])(
    'leaves no known secret in any text, wherever it sits',
    (secret, before, after) => {
      const vault = new SecretVault();
      vault.learn('1', secret);
      const redacted = vault.redactText(`${before}${secret}${after}${secret}`);
      expect(redacted).not.toContain(secret);
      expect(redacted).toContain(redactedSecret(secret));
    },
  );

  it('redacts a parsed document in place: attributes.token, a secret echoed elsewhere, one escaped in the text', () => {
    const vault = new SecretVault();
    const secret = 'ab'.repeat(20);
    vault.learn('7', secret);
    const tokenDocument = { data: { type: 'access_token', id: '7', attributes: { token: secret } } };
    expect(vault.redactJson(tokenDocument)).toBe(tokenDocument);
    expect(tokenDocument.data.attributes.token).toBe(redactedSecret(secret));

    const escaped = JSON.stringify({ errors: [{ details: { echoed: `x${secret}`, [secret]: 1 } }] }).replace(
      /ab/g,
      '\\u0061b',
    );
    expect(escaped).not.toContain(secret);
    const redacted = JSON.stringify(vault.redactJson(JSON.parse(escaped)));
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain(`x${redactedSecret(secret)}`);
  });

  it('leaves hex that is no secret alone, and forgets nothing when a token rotates', () => {
    const vault = new SecretVault();
    const first = 'cd'.repeat(15);
    const second = 'ef'.repeat(15);
    vault.learn('3', first);
    vault.learn('3', second);
    expect(vault.secretOf('3')).toBe(second);
    expect(vault.secretOf('3', true)).toBe(first);
    const text = `0123456789abcdef0123 ${first} ${second}`;
    expect(vault.redactText(text)).toBe(`0123456789abcdef0123 ${redactedSecret(first)} ${redactedSecret(second)}`);
  });
});
