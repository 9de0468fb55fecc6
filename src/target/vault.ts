import { createHash } from 'node:crypto';
import { isPlainObject } from '../spec/index.ts';

const HEX = /^[0-9a-f]+$/;
const HEX_RUNS = /[0-9a-f]{16,}/g;

export const fingerprint = (secret: string): string =>
  `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
export const redactedSecret = (secret: string): string => `[redacted ${fingerprint(secret)}]`;

/** The secrets a target has seen. They stay in memory: everything recorded carries fingerprints. */
export class SecretVault {
  private readonly byToken = new Map<string, string>();
  private readonly previousByToken = new Map<string, string>();
  private readonly all = new Map<string, string>();
  /** Secrets that are not plain hex (none on DatoCMS so far), in one alternation. */
  private others: RegExp | undefined;
  private readonly otherSecrets: string[] = [];
  private shortest = Infinity;

  constructor(private readonly minimumLength = 16) {}

  learn(tokenId: string | undefined, secret: string): void {
    if (secret.length < this.minimumLength) return;
    if (tokenId !== undefined) {
      const current = this.byToken.get(tokenId);
      if (current !== undefined && current !== secret) this.previousByToken.set(tokenId, current);
      this.byToken.set(tokenId, secret);
    }
    if (!this.all.has(secret)) {
      this.all.set(secret, redactedSecret(secret));
      this.shortest = Math.min(this.shortest, secret.length);
      if (!HEX.test(secret)) {
        this.otherSecrets.push(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        this.others = new RegExp(this.otherSecrets.join('|'), 'g');
      }
    }
  }

  secretOf(tokenId: string, previous = false): string | undefined {
    return (previous ? this.previousByToken : this.byToken).get(tokenId);
  }

  secrets(): readonly string[] {
    return [...this.all.keys()];
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
    if (this.all.size === 0 || text.length < this.minimumLength) return text;
    let out = text;
    for (const pattern of this.others ? [HEX_RUNS, this.others] : [HEX_RUNS]) {
      let last = 0;
      let result = '';
      for (const match of out.matchAll(pattern)) {
        const redacted = this.all.get(match[0]) ?? this.redactInside(match[0]);
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
    for (const [secret, redacted] of this.all) {
      if (out.includes(secret)) out = out.split(secret).join(redacted);
    }
    return out === run ? undefined : out;
  }
}
