import { isPlainObject } from '../../spec/index.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'update-locks-token',
  summary:
    'An update bumps the optimistic-lock version twice: every later update of that token fails its lock check, rendered as a 422 validation error.',
  create: () => {
    const locked = new Set<string>();
    return {
      afterUpdate: ({ after }) => void locked.add(after.id),
      validation: (operationId, body, issues) => {
        const id = isPlainObject(body) && isPlainObject(body.data) ? body.data.id : undefined;
        if (operationId !== 'updateAccessToken' || typeof id !== 'string' || !locked.has(id)) return issues;
        return [
          ...issues,
          { pointer: '/data', keyword: 'lock_version', message: '#/data: the token was modified meanwhile' },
        ];
      },
    };
  },
});
