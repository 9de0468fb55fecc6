// The metadata segment of a pact URL (pact_broker lib/pact_broker/pacts/metadata.rb, encoded as
// lib/pact_broker/api/pact_broker_urls.rb#encode_metadata does: URL-safe base64, unpadded, of a Rack nested
// query). It tells the broker, when results are published to that URL, which consumer versions were verified
// (`s[][cv]`, version ids; `cvn`, a number) and whether the pact was a WIP one (`w`).
import type { Store } from './store.ts';

export interface PactUrlMetadata {
  consumerVersionIds?: number[];
  consumerVersionNumber?: string;
  environments?: (string | undefined)[];
  pending?: boolean;
  wip?: boolean;
}

const escape = (text: string) => encodeURIComponent(text);

export function encodeMetadata(m: PactUrlMetadata): string {
  const pairs: [string, string][] = [];
  if (m.wip) pairs.push(['w', 'true']);
  if (m.consumerVersionNumber !== undefined) pairs.push(['cvn', m.consumerVersionNumber]);
  for (const [i, id] of (m.consumerVersionIds ?? []).entries()) {
    const environment = m.environments?.[i];
    if (environment !== undefined) pairs.push(['s[][e]', environment]);
    pairs.push(['s[][cv]', String(id)]);
  }
  if (m.pending !== undefined) pairs.push(['p', String(m.pending)]);
  const query = pairs.map(([k, v]) => `${escape(k)}=${escape(v)}`).join('&');
  return Buffer.from(query).toString('base64url');
}

/** The consumer version numbers and WIP flag a metadata segment names; undefined for one the double did not make. */
export function decodeMetadata(s: Store, segment: string): { consumerVersions: string[]; wip: boolean } | undefined {
  const pairs = Buffer.from(segment, 'base64url')
    .toString('utf8')
    .split('&')
    .map((pair) => pair.split('=').map(decodeURIComponent) as [string, string?]);
  const ids = pairs.filter(([k]) => k === 's[][cv]').map(([, v]) => Number(v));
  const numbers = [
    ...pairs.filter(([k]) => k === 'cvn').map(([, v]) => v ?? ''),
    ...ids.map((id) => s.versions.find((v) => v.id === id)?.number ?? ''),
  ];
  const wip = pairs.some(([k, v]) => k === 'w' && v === 'true');
  if (!wip && numbers.length === 0) return undefined;
  return { consumerVersions: [...new Set(numbers.filter((n) => n !== ''))], wip };
}
