import { isPlainObject } from '../../spec/index.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'invalid-update-partly-applied',
  summary: 'A refused update has already saved the name: the write happens before the last validation steps.',
  create: () => ({
    reject: (event, error) => {
      const data = isPlainObject(event.body) ? event.body.data : undefined;
      const name = isPlainObject(data) && isPlainObject(data.attributes) ? data.attributes.name : undefined;
      const editable = event.target?.hardcodedType === null;
      if (event.action === 'update' && editable && error.status !== 401 && typeof name === 'string') {
        (event.target as { name: string }).name = name;
      }
      return error;
    },
  }),
});
