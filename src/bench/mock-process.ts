// The benchmark's mock in a process of its own, as a staging run has its server: it starts the
// mock and tells its parent where it listens, then serves until it is killed.
import { startMock } from '../mock/index.ts';

const mock = await startMock();
process.send?.({ cmaUrl: mock.cmaUrl, cdaUrl: mock.cdaUrl, adminSecret: mock.adminSecret });
