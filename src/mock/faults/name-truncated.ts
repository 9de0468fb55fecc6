import { defineFault } from './define.ts';

export default defineFault({
  name: 'name-truncated',
  summary: 'Names are silently cut to 100 UTF-16 code units (a varchar(100) column), and still answered 200.',
  create: () => ({
    planUpdate: (_target, change) => ({ ...change, name: change.name.slice(0, 100) }),
  }),
});
