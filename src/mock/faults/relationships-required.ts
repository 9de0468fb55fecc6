import { isPlainObject } from '../../spec/index.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'relationships-required',
  summary: 'The server still runs the pre-2026-05-13 schema: an update without relationships is refused.',
  create: () => ({
    validation: (operationId, body, issues) => {
      const data = isPlainObject(body) && isPlainObject(body.data) ? body.data : undefined;
      if (operationId !== 'updateAccessToken' || !data || data.relationships !== undefined) return issues;
      return [
        ...issues,
        { pointer: '/data', keyword: 'required', message: `#/data: "relationships" wasn't supplied.` },
      ];
    },
  }),
});
