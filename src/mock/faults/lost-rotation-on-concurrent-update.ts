import { setTimeout as sleep } from 'node:timers/promises';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'lost-rotation-on-concurrent-update',
  summary:
    'An update saves the whole row it read when it started: a rotation that lands meanwhile is lost, and the old secret comes back.',
  create: () => ({
    writeUpdate: async (target, change) => {
      await sleep(2);
      Object.assign(target, change);
    },
  }),
});
