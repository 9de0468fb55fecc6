import { createHash } from 'node:crypto';
import { isPlainObject } from '../spec/index.ts';

const HEX = /^[0-9a-f]+$/;
const HEX_RUNS = /[0-9a-f]{16,}/g;

export const fingerprint = (secret: string): string =>
  `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
export const redactedSecret = (secret: string): string => `[redacted ${fingerprint(secret)}]`;

const CREDENTIAL_WORD = /^[A-Za-z0-9_\-.~+/=]+$/;

/** Shannon entropy of the text's characters, in bits for the whole text. */
function entropyBits(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= count * Math.log2(count / text.length);
  return bits;
}

/**
 * A value that can only be a credential: one word of token characters, letters and digits mixed,
 * and enough randomness. Only these are searched for inside other text: a server that hands out
 * `application/json; charset=utf-8` as a secret must not make every Content-Type a leak.
 */
export const looksLikeSecret = (value: string): boolean =>
  value.length >= 16 &&
  CREDENTIAL_WORD.test(value) &&
  /\d/.test(value) &&
  /[A-Za-z]/.test(value) &&
  entropyBits(value) >= 42;

/**
 * The secrets a target has seen. They stay in memory: everything recorded carries fingerprints.
 * Every secret is redacted where it is a whole JSON string; those that look like secrets (see
 * `looksLikeSecret`) wherever they appear.
 */
export class SecretVault {
  private readonly byToken = new Map<string, string>();
  private readonly previousByToken = new Map<string, string>();
  private readonly all = new Map<string, string>();
  private readonly searched = new Map<string, string>();
  /** Searched secrets that are not plain hex (none on DatoCMS so far), in one alternation of whole words. */
  private others: RegExp | undefined;
  private readonly otherSecrets: string[] = [];
  private shortest = Infinity;

  constructor(private readonly minimumLength = 16) {}

  /** `searched`: whatever it looks like (the credential the user gave is a secret by definition). */
  learn(tokenId: string | undefined, secret: string, searched = false): void {
    if (secret.length < this.minimumLength) return;
    if (tokenId !== undefined) {
      const current = this.byToken.get(tokenId);
      if (current !== undefined && current !== secret) this.previousByToken.set(tokenId, current);
      this.byToken.set(tokenId, secret);
    }
    if (this.all.has(secret)) return;
    this.all.set(secret, redactedSecret(secret));
    this.shortest = Math.min(this.shortest, secret.length);
    if (!searched && !looksLikeSecret(secret)) return;
    this.searched.set(secret, redactedSecret(secret));
    if (!HEX.test(secret)) {
      this.otherSecrets.push(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.others = new RegExp(`(?<![A-Za-z0-9])(?:${this.otherSecrets.join('|')})(?![A-Za-z0-9])`, 'g');
    }
  }

  secretOf(tokenId: string, previous = false): string | undefined {
    return (previous ? this.previousByToken : this.byToken).get(tokenId);
  }

  /** Every secret seen (a gateway replaces them all in what it forwards). */
  secrets(): readonly string[] {
    return [...this.all.keys()];
  }

  /** The secrets searched for inside other text: the artefact lint looks for these. */
  searchedSecrets(): readonly string[] {
    return [...this.searched.keys()];
  }

  /** Whether the text holds a secret, as redaction would find one: the lint of what is about to be written. */
  holdsSecret(text: string): boolean {
    return this.replaceSecrets(text) !== text;
  }

  /** Learns every `attributes.token` of the access tokens in a JSON:API document. */
  learnFrom(document: unknown): void {
    if (!isPlainObject(document)) return;
    const resources = Array.isArray(document.data) ? document.data : [document.data];
    for (const resource of [...resources, ...(Array.isArray(document.included) ? document.included : [])]) {
      if (!isPlainObject(resource) || resource.type !== 'access_token' || !isPlainObject(resource.attributes)) continue;
      const token = resource.attributes.token;
      if (typeof token === 'string') this.learn(typeof resource.id === 'string' ? resource.id : undefined, token);
    }
  }

  /** The text with every known secret replaced by its redacted fingerprint. */
  redactText(text: string): string {
    return this.replaceSecrets(text);
  }

  /**
   * A parsed JSON document with every known secret redacted, in place: every string and key is
   * checked, so a secret anywhere in the document (escaped in the text, even) is caught.
   */
  redactJson(document: unknown): unknown {
    if (this.all.size === 0) return document;
    return this.redactValue(document);
  }

  private redactValue(value: unknown): unknown {
    if (typeof value === 'string') return this.redactString(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) value[i] = this.redactValue(value[i]);
    } else if (isPlainObject(value)) {
      for (const key of Object.keys(value)) {
        const redacted = this.redactValue(value[key]);
        const redactedKey = this.redactString(key);
        if (redactedKey !== key) Reflect.deleteProperty(value, key);
        value[redactedKey] = redacted;
      }
    }
    return value;
  }

  // The common hit (an `attributes.token`) is a whole string: looked up before any scan.
  private redactString(text: string): string {
    if (text.length < this.shortest) return text;
    return this.all.get(text) ?? this.replaceSecrets(text);
  }

  // One scan for hex runs, whatever the number of secrets seen (a long campaign rotates many).
  private replaceSecrets(text: string): string {
    if (this.searched.size === 0 || text.length < this.minimumLength) return text;
    let out = text;
    for (const pattern of this.others ? [HEX_RUNS, this.others] : [HEX_RUNS]) {
      let last = 0;
      let result = '';
      for (const match of out.matchAll(pattern)) {
        const redacted = this.searched.get(match[0]) ?? this.redactInside(match[0]);
        if (redacted === undefined) continue;
        result += out.slice(last, match.index) + redacted;
        last = match.index + match[0].length;
      }
      if (last > 0) out = result + out.slice(last);
    }
    return out;
  }

  /** A hex run longer than a secret may hold one glued to other hex digits (rare: checked last). */
  private redactInside(run: string): string | undefined {
    if (run.length <= this.shortest) return undefined;
    let out = run;
    for (const [secret, redacted] of this.searched) {
      if (out.includes(secret)) out = out.split(secret).join(redacted);
    }
    return out === run ? undefined : out;
  }
}
