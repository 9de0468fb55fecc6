import { defineFault } from './define.ts';

export default defineFault({
  name: 'unknown-attributes-accepted',
  summary: 'Unknown keys in data.attributes are ignored instead of refused with INVALID_FORMAT.',
  create: () => ({
    validation: (_operationId, _body, issues) =>
      issues.filter((i) => !(i.keyword === 'additionalProperties' && i.pointer === '/data/attributes')),
  }),
});
