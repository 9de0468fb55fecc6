import { defineFault } from './define.ts';

const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;

export default defineFault({
  name: 'astral-plane-500',
  summary:
    'Names with characters outside the Basic Multilingual Plane (emoji…) crash the save: a 500 (a utf8mb3 column).',
  create: () => ({
    writeUpdate: async (target, change) => {
      if (ASTRAL.test(change.name)) throw new Error('Incorrect string value for column name');
      Object.assign(target, change);
    },
  }),
});
