import { isPlainObject } from '../../spec/index.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'body-id-wins',
  summary: 'The update loads the token named by data.id in the body, not the one in the URL.',
  create: () => ({
    findToken: (_id, found, store, body) => {
      const data = isPlainObject(body) && isPlainObject(body.data) ? body.data : undefined;
      const named = typeof data?.id === 'string' ? store.tokens.get(data.id) : undefined;
      return named ?? found;
    },
  }),
});
