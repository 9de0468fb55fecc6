import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { looksLikeSecret, redactedSecret, SecretVault } from '../../src/target/vault.ts';

// What DatoCMS hands out: 30 to 50 random hex digits (fast-check's bias to repeats would give `000…`, which is no secret).
const hexSecret = fc.stringMatching(/^[0-9a-f]{30,50}$/).filter(looksLikeSecret);
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
    const secret = '3e822d230e9dd68ef9ef87aafd0e85b8ea612ad4';
    vault.learn('7', secret);
    const tokenDocument = { data: { type: 'access_token', id: '7', attributes: { token: secret } } };
    expect(vault.redactJson(tokenDocument)).toBe(tokenDocument);
    expect(tokenDocument.data.attributes.token).toBe(redactedSecret(secret));

    const escaped = JSON.stringify({ errors: [{ details: { echoed: `x${secret}`, [secret]: 1 } }] }).replace(
      /a/g,
      '\\u0061',
    );
    expect(escaped).not.toContain(secret);
    const redacted = JSON.stringify(vault.redactJson(JSON.parse(escaped)));
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain(`x${redactedSecret(secret)}`);
  });

  it('leaves hex that is no secret alone, and forgets nothing when a token rotates', () => {
    const vault = new SecretVault();
    const first = '2f627a7eb7bdfb76455c2a07c697c3';
    const second = '8d1c0b5e93a4f27d6e0b1c9a5f3e72';
    vault.learn('3', first);
    vault.learn('3', second);
    expect(vault.secretOf('3')).toBe(second);
    expect(vault.secretOf('3', true)).toBe(first);
    const text = `0123456789abcdef0123 ${first} ${second}`;
    expect(vault.redactText(text)).toBe(`0123456789abcdef0123 ${redactedSecret(first)} ${redactedSecret(second)}`);
  });

  it('searches other text only for values that can be nothing but secrets', () => {
    const vault = new SecretVault();
    // A hostile server hands out common strings as secrets: a whole value is still redacted where it stands alone...
    vault.learn('5', 'application/json; charset=utf-8');
    vault.learn('6', 'x-ratelimit-remaining');
    const document = { data: { attributes: { token: 'application/json; charset=utf-8' } } };
    expect(JSON.stringify(vault.redactJson(document))).not.toContain('application/json');
    // ...but the same words elsewhere are no leak, and are not rewritten.
    const headers = 'content-type: application/json; charset=utf-8, x-ratelimit-remaining: 59';
    expect(vault.redactText(headers)).toBe(headers);
    expect(vault.holdsSecret(headers)).toBe(false);
    expect(vault.searchedSecrets()).toEqual([]);
    expect(['aaaaaaaaaaaaaaaaaaaa', '0000000000000000000000', 'abababababababababab'].some(looksLikeSecret)).toBe(
      false,
    );
    expect(looksLikeSecret('3e822d230e9dd68ef9ef87aafd0e85b8ea612ad4')).toBe(true);
  });
});
