import { isPlainObject } from '../../spec/index.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'hardcoded-rejected-but-applied',
  summary:
    'A factory token is refused with NON_EDITABLE_ACCESS_TOKEN, but the check runs after the save: the change sticks.',
  create: () => ({
    reject: (event, error) => {
      const code = (error.body as { data?: { attributes?: { code?: string } }[] }).data?.[0]?.attributes?.code;
      const data = isPlainObject(event.body) && isPlainObject(event.body.data) ? event.body.data : undefined;
      const attributes = isPlainObject(data?.attributes) ? data.attributes : undefined;
      if (code === 'NON_EDITABLE_ACCESS_TOKEN' && event.target && attributes && typeof attributes.name === 'string') {
        event.target.name = attributes.name;
      }
      return error;
    },
  }),
});
