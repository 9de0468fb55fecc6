import { setTimeout as sleep } from 'node:timers/promises';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'torn-concurrent-writes',
  summary:
    'Attributes and role are saved by two statements outside a transaction: concurrent updates mix their fields.',
  create: () => ({
    writeUpdate: async (target, { roleId, ...attributes }) => {
      Object.assign(target, attributes);
      await sleep(Math.floor(Math.random() * 3));
      target.roleId = roleId;
    },
  }),
});
