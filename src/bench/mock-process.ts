// The benchmark's mock in a process of its own, as a staging run has its server. Each message
// `{ seed }` replaces the mock by a fresh one drawing from that seed, in this same warmed-up
// process, and the answer says where it listens.
import { startMock, type RunningMock } from '../mock/index.ts';

let mock: RunningMock | undefined;
process.on('message', (message: { seed: number }) => {
  void (async () => {
    await mock?.close();
    mock = await startMock({ seed: message.seed });
    process.send?.({ cmaUrl: mock.cmaUrl, cdaUrl: mock.cdaUrl, adminSecret: mock.adminSecret });
  })();
});
