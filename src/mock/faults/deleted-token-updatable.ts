import { defineFault } from './define.ts';

export default defineFault({
  name: 'deleted-token-updatable',
  summary: 'Deletion is a soft delete that lookups forget to filter: a deleted token can still be read and updated.',
  create: () => ({
    findToken: (id, found, store) => found ?? store.deleted.get(id),
  }),
});
