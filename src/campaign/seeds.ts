import { createHash } from 'node:crypto';

/** Each invariant gets its own seed from the campaign's, so `--only` leaves the others' cases as they were. */
export function invariantSeed(campaignSeed: number, invariantId: string): number {
  const digest = createHash('sha256').update(`${campaignSeed}:${invariantId}`).digest();
  return digest.readInt32BE(0);
}

export const randomSeed = (): number => (Date.now() ^ (Math.random() * 0x100000000)) | 0;

/** `--replay SEED:PATH`, e.g. `-1234:0:3:1`; a sequence's path also carries the steps that ran (`…@AAB`). */
export function parseReplay(text: string): { seed: number; path: string } {
  const match = /^(-?\d+):(\d+(?::\d+)*(?:@[A-Za-z0-9+/:]*)?)$/.exec(text.trim());
  if (!match) throw new Error(`--replay expects SEED:PATH, e.g. 12345:0:2 (got "${text}")`);
  return { seed: Number(match[1]), path: match[2] as string };
}
