import { setTimeout as sleep } from 'node:timers/promises';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'torn-read-during-update',
  summary:
    'Writers take a lock on the token, but the attributes and the role are saved by two statements outside a transaction, and reads do not wait for the lock: a read during an update sees the new attributes with the old role.',
  create: () => {
    // One writer at a time per token; readers never wait.
    const locks = new Map<string, Promise<void>>();
    return {
      writeUpdate: async (target, { roleId, ...attributes }) => {
        const previous = locks.get(target.id) ?? Promise.resolve();
        let release = () => {};
        const held = new Promise<void>((resolve) => (release = resolve));
        locks.set(
          target.id,
          previous.then(() => held),
        );
        await previous;
        try {
          Object.assign(target, attributes);
          await sleep(2);
          target.roleId = roleId;
        } finally {
          // Held until the response is rendered, so that writers never see each other's fields.
          setImmediate(release);
        }
      },
    };
  },
});
