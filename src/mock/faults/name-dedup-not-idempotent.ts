import { defineFault } from './define.ts';

export default defineFault({
  name: 'name-dedup-not-idempotent',
  summary:
    'Duplicate names get a " (2)" suffix, and the check forgets to exclude the token itself: repeating an update renames it.',
  create: () => ({
    planUpdate: (_target, change, _body, store) => {
      const taken = [...store.tokens.values()].some((token) => token.name === change.name);
      return taken ? { ...change, name: `${change.name} (2)` } : change;
    },
  }),
});
