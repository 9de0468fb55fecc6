import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { campaignConfig, runCampaign, type Handler } from '../campaign/index.ts';
import { embeddedTarget } from '../embedded/index.ts';
import { INVARIANT_IDS } from '../invariants/index.ts';
import { remoteTarget, type Send, type Target } from '../target/index.ts';
import { median, round } from './stats.ts';

type Raw = Parameters<Send>[0];

export interface Rates {
  /** Requests per second, medians over the rounds. */
  suite: number;
  undiciLoop: number;
  /** suite / undici loop: how close the property loop runs to a bare HTTP loop sending the same requests. */
  ratio: number;
}

export interface ThroughputReport {
  rounds: number;
  requestsPerRound: number;
  /** The mock in its own process, as a staging run has its server: the baseline that counts. */
  ownProcess: Rates;
  /** The embedded mock, in the suite's own process (the default `npm run fuzz`). */
  inProcess: Rates & { autocannon: number };
  /** Where one run's time goes in the embedded case, in milliseconds (median round). */
  perRun: { total: number; generation: number; http: number; suiteCode: number; oracles: number };
}

const MOCK_PROCESS = fileURLToPath(new URL('./mock-process.ts', import.meta.url));

/** A mock in a child process: its URLs and admin secret, and how to stop it. */
async function mockInItsOwnProcess(): Promise<{ cmaUrl: string; cdaUrl: string; token: string; stop(): void }> {
  const child = fork(MOCK_PROCESS, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ cmaUrl: string; cdaUrl: string; adminSecret: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { cmaUrl: string; cdaUrl: string; adminSecret: string }));
    child.once('exit', (code) => reject(new Error(`the mock process exited (${code})`)));
  });
  return { cmaUrl: ready.cmaUrl, cdaUrl: ready.cdaUrl, token: ready.adminSecret, stop: () => child.kill() };
}

/**
 * The campaign side by side with a keep-alive undici loop replaying the very requests it sent,
 * against the same mock: first a mock in its own process, then the embedded one (with autocannon
 * beside them). Each round's rates are measured one right after the other, so a noisy machine
 * slows both alike.
 */
export async function measureThroughput(rounds: number, runsPerInvariant: number): Promise<ThroughputReport> {
  let captured: Raw[] = [];
  let httpMs = 0;
  // Wall time with a request in flight: overlapping requests (a concurrency probe) count once.
  let inFlight = 0;
  let busySince = 0;
  const capture =
    (send: Send): Send =>
    async (raw) => {
      captured.push(raw);
      if (inFlight++ === 0) busySince = performance.now();
      try {
        return await send(raw);
      } finally {
        if (--inFlight === 0) httpMs += performance.now() - busySince;
      }
    };
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 16 });
  const loop = async (requests: readonly Raw[]) => {
    const started = performance.now();
    for (const r of requests) {
      const response = await request(r.url, {
        method: r.method as 'GET',
        headers: r.headers,
        body: r.body,
        dispatcher: agent,
      });
      await response.body.text();
    }
    return performance.now() - started;
  };

  /** One round: the campaign, then the loop on what it sent. */
  const measureRound = async (target: Target, seed: number) => {
    captured = [];
    httpMs = 0;
    const spent = { scenarioMs: 0, checkMs: 0, runs: 0 };
    const timings: Handler = (event) => {
      if (event.type !== 'run-finished') return;
      spent.scenarioMs += event.timings.scenarioMs;
      spent.checkMs += event.timings.checkMs;
      spent.runs += 1;
    };
    const started = performance.now();
    await runCampaign(target, campaignConfig({ invariants: INVARIANT_IDS, runs: runsPerInvariant, seed }), [timings]);
    const suiteMs = performance.now() - started;
    const requests = captured;
    const perRun = (ms: number) => Math.round((ms / spent.runs) * 1000) / 1000;
    return {
      requests,
      suite: (requests.length / suiteMs) * 1000,
      loop: (requests.length / (await loop(requests))) * 1000,
      perRun: {
        total: perRun(suiteMs),
        generation: perRun(suiteMs - spent.scenarioMs - spent.checkMs),
        http: perRun(httpMs),
        suiteCode: perRun(spent.scenarioMs - httpMs),
        oracles: perRun(spent.checkMs),
      },
    };
  };
  const rates = (samples: { suite: number; loop: number }[]): Rates => {
    const suite = median(samples.map((s) => s.suite)) as number;
    const undiciLoop = median(samples.map((s) => s.loop)) as number;
    return {
      suite: Math.round(suite),
      undiciLoop: Math.round(undiciLoop),
      ratio: round(suite / undiciLoop, 2) as number,
    };
  };

  const external = await mockInItsOwnProcess();
  const remote = await remoteTarget(
    { cmaUrl: external.cmaUrl, cdaUrl: external.cdaUrl, token: external.token, environment: undefined },
    { transport: capture, disposable: true },
  );
  const embedded = await embeddedTarget({}, { transport: capture });
  try {
    // The suite runs much more code than a bare loop: it needs longer to be warmed up by the JIT.
    for (let warm = 0; warm < 2; warm += 1) await measureRound(embedded, 1 + warm);
    const own = [];
    const inside = [];
    const cannon = [];
    for (let r = 0; r < rounds; r += 1) {
      own.push(await measureRound(remote, 100 + r));
      const sample = await measureRound(embedded, 100 + r);
      inside.push(sample);
      cannon.push(await autocannonRate(embedded.info.cmaUrl, sample.requests));
    }
    const middle = [...inside].sort((a, b) => a.suite - b.suite)[
      Math.floor(inside.length / 2)
    ] as (typeof inside)[number];
    return {
      rounds,
      requestsPerRound: middle.requests.length,
      ownProcess: rates(own),
      inProcess: { ...rates(inside), autocannon: Math.round(median(cannon) as number) },
      perRun: middle.perRun,
    };
  } finally {
    await embedded.close();
    await remote.close();
    await agent.close();
    external.stop();
  }
}

/** autocannon replaying the CMA requests of a round, on one connection, timed here (its own clock ticks by the second). */
async function autocannonRate(cmaUrl: string, requests: readonly Raw[]): Promise<number> {
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
