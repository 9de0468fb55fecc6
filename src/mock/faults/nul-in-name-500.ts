import { defineFault } from './define.ts';

export default defineFault({
  name: 'nul-in-name-500',
  summary: 'A name holding U+0000 crashes the save with a 500 (a PostgreSQL text column refuses NUL bytes).',
  create: () => ({
    writeUpdate: async (target, change) => {
      if (change.name.includes('\u0000')) throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
      Object.assign(target, change);
    },
  }),
});
