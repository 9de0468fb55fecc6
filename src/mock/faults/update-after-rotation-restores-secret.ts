import { defineFault } from './define.ts';

export default defineFault({
  name: 'update-after-rotation-restores-secret',
  summary:
    'Updates save a copy of the token cached by the previous update: after a rotation, the next update writes the old secret back.',
  create: () => {
    const cached = new Map<string, string>();
    return {
      planUpdate: (target, change) => ({ ...change, secret: cached.get(target.id) ?? change.secret }),
      afterUpdate: ({ after }) => void cached.set(after.id, after.secret),
    };
  },
});
