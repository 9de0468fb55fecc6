import autocannon from 'autocannon';
import fc from 'fast-check';
import { Agent, request } from 'undici';
import { liveProperty } from '../campaign/index.ts';
import { INVARIANTS, type OracleContext } from '../invariants/index.ts';
import { caseContext, World } from '../scenarios/index.ts';
import { loadContract, resolveAssumptions, type Contract } from '../spec/index.ts';
import { embeddedTarget, type Send } from '../target/index.ts';
import { median, round } from './stats.ts';

type Raw = Parameters<Send>[0];

export interface ThroughputReport {
  rounds: number;
  requestsPerRound: number;
  /** Requests per second, medians over the rounds. */
  suite: number;
  undiciLoop: number;
  autocannon: number;
  /** suite / undici loop: how close the property loop runs to the bare HTTP loop. */
  ratio: number;
  /** Where one run's time goes, in milliseconds (median round). */
  perRun: { total: number; generation: number; http: number; suiteCode: number; ajv: number; oracles: number };
  /** HTTP wall time per request, in microseconds (median round): inside the property loop, and in the bare loop. */
  perRequestUs: { suite: number; loop: number };
}

/** Counts the ajv work the oracles do (response conformance, request classification). */
function timedContract(contract: Contract, spent: { ajvMs: number }): Contract {
  const time =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    (...args: A): R => {
      const started = performance.now();
      try {
        return f(...args);
      } finally {
        spent.ajvMs += performance.now() - started;
      }
    };
  return { ...contract, validate: time(contract.validate), responseProblems: time(contract.responseProblems) };
}

/**
 * The property loop against the embedded mock, side by side with a keep-alive undici loop and
 * autocannon replaying the very requests it sent, against the same mock, in the same process.
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
  const contract = await loadContract();
  const spent = { ajvMs: 0 };
  const oracle: OracleContext = {
    contract: timedContract(contract, spent),
    assumptions: resolveAssumptions(),
    strict: false,
  };
  const target = await embeddedTarget({}, { transport: capture });
  const world = await World.create(target);
  const ctx = caseContext(contract, world);
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 16 });

  const suiteRound = async (runs: number, seed: number) => {
    let scenarioMs = 0;
    let checkMs = 0;
    let runCount = 0;
    const started = performance.now();
    for (const invariant of INVARIANTS) {
      const live = liveProperty(world, invariant, ctx, oracle, {
        onTimings: (t) => {
          scenarioMs += t.scenarioMs;
          checkMs += t.checkMs;
          runCount += 1;
        },
      });
      await fc.assert(fc.asyncProperty(live.arbitrary, live.predicate), { numRuns: runs, seed });
    }
    return { ms: performance.now() - started, scenarioMs, checkMs, runs: runCount };
  };
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
  const cannon = async (requests: readonly Raw[]) => {
    const cma = requests.filter((r) => r.url.startsWith(target.cmaUrl));
    // Timed here: autocannon's own duration is rounded to its one-second sampling ticks.
    const started = performance.now();
    await autocannon({
      url: target.cmaUrl,
      connections: 1,
      amount: cma.length,
      requests: cma.map((r) => ({
        method: r.method as 'GET',
        path: r.url.slice(target.cmaUrl.length),
        headers: r.headers,
        ...(r.body ? { body: r.body } : {}),
      })),
    });
    return (cma.length / (performance.now() - started)) * 1000;
  };

  try {
    // The suite runs much more code than a bare loop: it needs longer to be warmed up by the JIT.
    for (let warm = 0; warm < 2; warm += 1) await suiteRound(runsPerInvariant, 1 + warm);
    const samples: {
      suite: number;
      loop: number;
      cannon: number;
      perRun: ThroughputReport['perRun'];
      perRequestUs: ThroughputReport['perRequestUs'];
      requests: number;
    }[] = [];
    for (let round = 0; round < rounds; round += 1) {
      captured = [];
      httpMs = 0;
      spent.ajvMs = 0;
      const suite = await suiteRound(runsPerInvariant, 100 + round);
      const requests = captured;
      captured = [];
      const loopMs = await loop(requests);
      const cannonRate = await cannon(requests);
      const perRun = (ms: number) => round2(ms / suite.runs);
      samples.push({
        suite: (requests.length / suite.ms) * 1000,
        loop: (requests.length / loopMs) * 1000,
        cannon: cannonRate,
        requests: requests.length,
        perRun: {
          total: perRun(suite.ms),
          generation: perRun(suite.ms - suite.scenarioMs - suite.checkMs),
          http: perRun(httpMs),
          suiteCode: perRun(suite.scenarioMs - httpMs),
          ajv: perRun(spent.ajvMs),
          oracles: perRun(suite.checkMs - spent.ajvMs),
        },
        perRequestUs: {
          suite: Math.round((httpMs / requests.length) * 1000),
          loop: Math.round((loopMs / requests.length) * 1000),
        },
      });
    }
    const suite = median(samples.map((s) => s.suite)) as number;
    const undiciLoop = median(samples.map((s) => s.loop)) as number;
    const middle = [...samples].sort((a, b) => a.suite - b.suite)[
      Math.floor(samples.length / 2)
    ] as (typeof samples)[number];
    return {
      rounds,
      requestsPerRound: middle.requests,
      suite: Math.round(suite),
      undiciLoop: Math.round(undiciLoop),
      autocannon: Math.round(median(samples.map((s) => s.cannon)) as number),
      ratio: round(suite / undiciLoop, 2) as number,
      perRun: middle.perRun,
      perRequestUs: middle.perRequestUs,
    };
  } finally {
    await world.dispose();
    await target.close();
    await agent.close();
  }
}

const round2 = (value: number) => Math.round(value * 1000) / 1000;
