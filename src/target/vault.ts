import { createHash } from 'node:crypto';
import { isPlainObject } from '../spec/index.ts';

export const fingerprint = (secret: string): string =>
  `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
export const redactedSecret = (secret: string): string => `[redacted ${fingerprint(secret)}]`;

/** The secrets a target has seen. They stay in memory: everything recorded carries fingerprints. */
export class SecretVault {
  private readonly byToken = new Map<string, string>();
  private readonly previousByToken = new Map<string, string>();
  private readonly all = new Set<string>();

  constructor(private readonly minimumLength = 16) {}

  learn(tokenId: string | undefined, secret: string): void {
    if (secret.length < this.minimumLength) return;
    if (tokenId !== undefined) {
      const current = this.byToken.get(tokenId);
      if (current !== undefined && current !== secret) this.previousByToken.set(tokenId, current);
      this.byToken.set(tokenId, secret);
    }
    this.all.add(secret);
  }

  secretOf(tokenId: string, previous = false): string | undefined {
    return (previous ? this.previousByToken : this.byToken).get(tokenId);
  }

  secrets(): readonly string[] {
    return [...this.all];
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

  /** A deep copy with every known secret replaced by its redacted fingerprint. */
  redact<T>(value: T): T {
    if (typeof value === 'string') return this.redactText(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redact(item)) as T;
    if (isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redact(v)])) as T;
    }
    return value;
  }

  redactText(text: string): string {
    let out = text;
    for (const secret of this.all) if (out.includes(secret)) out = out.split(secret).join(redactedSecret(secret));
    return out;
  }
}
