import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { Agent, request } from 'undici';
import { campaignConfig, runCampaign, type Handler } from '../campaign/index.ts';
import { embeddedTarget } from '../embedded/index.ts';
import type { InvariantId } from '../invariants/index.ts';
import { remoteTarget, type Send, type Target, type TargetOptions } from '../target/index.ts';
import { benchMock } from './child-entries.ts';
import { median, round } from './stats.ts';

type Raw = Parameters<Send>[0];
/** A request the campaign sent, and the status it got. */
interface Exchanged {
  raw: Raw;
  status: number;
}

export interface Rates {
  /** Requests per second, medians over the rounds. */
  suite: number;
  undiciLoop: number;
  /** suite / undici loop: how close the property loop runs to a bare HTTP loop sending the same requests. */
  ratio: number;
  /** The smallest share, over the rounds, of replayed requests the twin answered with the campaign's status. */
  replayAgreement: number;
  /**
   * The same loop, busy between requests for as long as the campaign spent outside HTTP per
   * request: what any client doing that much work would reach on this machine, and campaign / it.
   */
  busyLoop: number;
  ratioToBusyLoop: number;
}

export interface ThroughputReport {
  rounds: number;
  warmups: number;
  requestsPerRound: number;
  /** The mock in its own process, as a staging run has its server: the baseline that counts. */
  ownProcess: Rates;
  /** The embedded mock, in the suite's own process (the default `npm run fuzz`). */
  inProcess: Rates & { autocannon: number };
  /** Where one run's time goes in the embedded case, in milliseconds (median round). */
  perRun: { total: number; generation: number; http: number; suiteCode: number; oracles: number };
}

interface Endpoints {
  cmaUrl: string;
  cdaUrl: string;
}

/**
 * Where a round's mocks run. Each round starts a fresh mock from a seed for the campaign, then a
 * twin from the same seed for each replay: the twin draws the same ids and secrets, so the loop
 * replays the campaign's requests against the very states the campaign met (a replay on the
 * campaign's own mock would meet deleted tokens, and mostly measure 404s).
 */
interface Side {
  campaignTarget(seed: number, transport: TargetOptions['transport']): Promise<Target>;
  twin(seed: number): Promise<Endpoints & { close(): Promise<void> }>;
  close(): Promise<void>;
}

/** Mocks in one child process, warmed up like the suite: each seed replaces the previous mock. */
async function ownProcessSide(): Promise<Side> {
  const child = fork(benchMock(), [], {
    execArgv: [], // not this process's flags (a profiler's, say)
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the mock process exited (${code})`))),
  );
  exited.catch(() => undefined);
  const start = (seed: number) =>
    Promise.race([
      new Promise<Endpoints & { adminSecret: string }>((resolve) => {
        child.once('message', (message) => resolve(message as Endpoints & { adminSecret: string }));
        child.send({ seed });
      }),
      exited,
    ]);
  return {
    campaignTarget: async (seed, transport) => {
      const mock = await start(seed);
      return remoteTarget(
        { cmaUrl: mock.cmaUrl, cdaUrl: mock.cdaUrl, token: mock.adminSecret, environment: undefined },
        { ...(transport ? { transport } : {}), disposable: true },
      );
    },
    twin: async (seed) => ({ ...(await start(seed)), close: async () => undefined }),
    close: async () => {
      child.kill();
    },
  };
}

const embeddedSide: Side = {
  campaignTarget: (seed, transport) => embeddedTarget({ seed }, transport ? { transport } : {}),
  twin: async (seed) => {
    const target = await embeddedTarget({ seed });
    return { cmaUrl: target.info.cmaUrl, cdaUrl: target.info.cdaUrl, close: () => target.close() };
  },
  close: async () => undefined,
};

/** The request as the twin must receive it: the same, at the twin's address. */
function retarget(raw: Raw, from: Endpoints, to: Endpoints): Raw {
  for (const [old, fresh] of [
    [from.cmaUrl, to.cmaUrl],
    [from.cdaUrl, to.cdaUrl],
  ] as const) {
    if (raw.url.startsWith(old)) return { ...raw, url: fresh + raw.url.slice(old.length) };
  }
  return raw;
}

/**
 * The campaign side by side with a keep-alive undici loop replaying the very requests it sent,
 * each against a fresh mock from one seed: first mocks in their own process, then embedded ones
 * (with autocannon beside them). Both sides are warmed up first, and each round's rates are
 * measured one right after the other, so a noisy machine slows both alike.
 */
export async function measureThroughput(
  rounds: number,
  runsPerInvariant: number,
  warmups: number,
  invariants: readonly InvariantId[],
): Promise<ThroughputReport> {
  let captured: Exchanged[] = [];
  let httpMs = 0;
  // Wall time with a request in flight: overlapping requests (a concurrency probe) count once.
  let inFlight = 0;
  let busySince = 0;
  const capture =
    (send: Send): Send =>
    async (raw) => {
      if (inFlight++ === 0) busySince = performance.now();
      try {
        const response = await send(raw);
        captured.push({ raw, status: response.status });
        return response;
      } finally {
        if (--inFlight === 0) httpMs += performance.now() - busySince;
      }
    };
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 16 });
  /**
   * The loop's time, and how many of the twin's answers had the campaign's status. `busyMs`: CPU
   * work before each request (a spin, as the suite's code would be).
   */
  const loop = async (exchanged: readonly Exchanged[], from: Endpoints, to: Endpoints, busyMs = 0) => {
    let agreeing = 0;
    const started = performance.now();
    for (const { raw, status } of exchanged) {
      for (const until = performance.now() + busyMs; performance.now() < until;);
      const r = retarget(raw, from, to);
      const response = await request(r.url, {
        method: r.method as 'GET',
        headers: r.headers,
        body: r.body,
        dispatcher: agent,
      });
      await response.body.text();
      if (response.statusCode === status) agreeing += 1;
    }
    return { ms: performance.now() - started, agreement: agreeing / Math.max(1, exchanged.length) };
  };

  /** One round: the campaign on a fresh mock, then the loop on its twin (and autocannon on another). */
  const measureRound = async (side: Side, seed: number, withAutocannon: boolean) => {
    captured = [];
    httpMs = 0;
    const spent = { scenarioMs: 0, checkMs: 0, runs: 0 };
    const timings: Handler = (event) => {
      if (event.type !== 'run-finished') return;
      spent.scenarioMs += event.timings.scenarioMs;
      spent.checkMs += event.timings.checkMs;
      spent.runs += 1;
    };
    const target = await side.campaignTarget(seed, capture);
    const started = performance.now();
    await runCampaign(target, campaignConfig({ invariants, runs: runsPerInvariant, seed }), [timings]);
    const suiteMs = performance.now() - started;
    await target.close();
    const exchanged = captured;
    const twin = await side.twin(seed);
    const replay = await loop(exchanged, target.info, twin);
    await twin.close();
    const busyTwin = await side.twin(seed);
    const busy = await loop(exchanged, target.info, busyTwin, Math.max(0, suiteMs - httpMs) / exchanged.length);
    await busyTwin.close();
    let autocannon = 0;
    if (withAutocannon) {
      const other = await side.twin(seed);
      autocannon = await autocannonRate(retargeted(exchanged, target.info, other), other.cmaUrl);
      await other.close();
    }
    const perRun = (ms: number) => Math.round((ms / spent.runs) * 1000) / 1000;
    return {
      requests: exchanged.length,
      suite: (exchanged.length / suiteMs) * 1000,
      loop: (exchanged.length / replay.ms) * 1000,
      busyLoop: (exchanged.length / busy.ms) * 1000,
      agreement: replay.agreement,
      autocannon,
      perRun: {
        total: perRun(suiteMs),
        generation: perRun(suiteMs - spent.scenarioMs - spent.checkMs),
        http: perRun(httpMs),
        suiteCode: perRun(spent.scenarioMs - httpMs),
        oracles: perRun(spent.checkMs),
      },
    };
  };
  const rates = (samples: { suite: number; loop: number; busyLoop: number; agreement: number }[]): Rates => {
    const suite = median(samples.map((s) => s.suite)) as number;
    const undiciLoop = median(samples.map((s) => s.loop)) as number;
    const busyLoop = median(samples.map((s) => s.busyLoop)) as number;
    return {
      suite: Math.round(suite),
      undiciLoop: Math.round(undiciLoop),
      ratio: round(suite / undiciLoop, 2) as number,
      replayAgreement: round(Math.min(...samples.map((s) => s.agreement)), 3) as number,
      busyLoop: Math.round(busyLoop),
      ratioToBusyLoop: round(suite / busyLoop, 2) as number,
    };
  };

  const own = await ownProcessSide();
  try {
    // The suite runs much more code than a bare loop, and each side has a mock to warm up too.
    for (let warm = 0; warm < warmups; warm += 1) {
      await measureRound(own, 1 + warm, false);
      await measureRound(embeddedSide, 1 + warm, false);
    }
    const ownSamples = [];
    const inside = [];
    for (let r = 0; r < rounds; r += 1) {
      ownSamples.push(await measureRound(own, 100 + r, false));
      inside.push(await measureRound(embeddedSide, 100 + r, true));
    }
    const middle = [...inside].sort((a, b) => a.suite - b.suite)[
      Math.floor(inside.length / 2)
    ] as (typeof inside)[number];
    return {
      rounds,
      warmups,
      requestsPerRound: middle.requests,
      ownProcess: rates(ownSamples),
      inProcess: { ...rates(inside), autocannon: Math.round(median(inside.map((s) => s.autocannon)) as number) },
      perRun: middle.perRun,
    };
  } finally {
    await agent.close();
    await own.close();
  }
}

function retargeted(exchanged: readonly Exchanged[], from: Endpoints, to: Endpoints): Raw[] {
  return exchanged.map(({ raw }) => retarget(raw, from, to));
}

/** autocannon replaying the CMA requests of a round, on one connection, timed here (its own clock ticks by the second). */
async function autocannonRate(requests: readonly Raw[], cmaUrl: string): Promise<number> {
  const cma = requests.filter((r) => r.url.startsWith(cmaUrl));
  const started = performance.now();
  await autocannon({
    url: cmaUrl,
    connections: 1,
    amount: cma.length,
    requests: cma.map((r) => ({
      method: r.method as 'GET',
      path: r.url.slice(cmaUrl.length),
      headers: r.headers,
      ...(r.body ? { body: r.body } : {}),
    })),
  });
  return (cma.length / (performance.now() - started)) * 1000;
}
