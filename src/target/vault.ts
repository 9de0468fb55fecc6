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
      const others = [...this.all.keys()].filter((k) => !HEX.test(k));
      if (others.length > 0)
        this.others = new RegExp(others.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
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
    return this.replaceSecrets(text, () => {});
  }

  /**
   * A parsed JSON document with every known secret redacted. Where every secret of the text is an
   * `attributes.token` (a correct server), they are replaced in place; otherwise the document is
   * parsed again from the redacted text.
   */
  redactJson(text: string, document: unknown): unknown {
    let hits = 0;
    const redacted = this.replaceSecrets(text, () => (hits += 1));
    if (hits === 0) return document;
    return this.redactTokens(document) === hits ? document : JSON.parse(redacted);
  }

  // One scan for hex runs, whatever the number of secrets seen (a long campaign rotates many).
  private replaceSecrets(text: string, onHit: () => void): string {
    if (this.all.size === 0 || text.length < this.minimumLength) return text;
    let out = text;
    for (const pattern of this.others ? [HEX_RUNS, this.others] : [HEX_RUNS]) {
      let last = 0;
      let result = '';
      for (const match of out.matchAll(pattern)) {
        const redacted = this.all.get(match[0]) ?? this.redactInside(match[0], onHit);
        if (redacted === undefined) continue;
        if (this.all.has(match[0])) onHit();
        result += out.slice(last, match.index) + redacted;
        last = match.index + match[0].length;
      }
      if (last > 0) out = result + out.slice(last);
    }
    return out;
  }

  /** A hex run longer than a secret may hold one glued to other hex digits (rare: checked last). */
  private redactInside(run: string, onHit: () => void): string | undefined {
    if (run.length <= this.shortest) return undefined;
    let out = run;
    for (const [secret, redacted] of this.all) {
      if (!out.includes(secret)) continue;
      const parts = out.split(secret);
      for (let i = 1; i < parts.length; i += 1) onHit();
      out = parts.join(redacted);
    }
    return out === run ? undefined : out;
  }

  /** Replaces known secrets in `attributes.token` of the document's access tokens; returns how many. */
  private redactTokens(document: unknown): number {
    if (!isPlainObject(document)) return 0;
    const resources = [
      ...(Array.isArray(document.data) ? document.data : [document.data]),
      ...(Array.isArray(document.included) ? document.included : []),
    ];
    let replaced = 0;
    for (const resource of resources) {
      if (!isPlainObject(resource) || !isPlainObject(resource.attributes)) continue;
      const token = resource.attributes.token;
      const redacted = typeof token === 'string' ? this.all.get(token) : undefined;
      if (redacted === undefined) continue;
      resource.attributes.token = redacted;
      replaced += 1;
    }
    return replaced;
  }
}
