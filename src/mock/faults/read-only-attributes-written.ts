import { isPlainObject } from '../../spec/index.ts';
import { defineFault } from './define.ts';

const READ_ONLY = ['hardcoded_type', 'last_cma_access', 'last_cda_access'];

export default defineFault({
  name: 'read-only-attributes-written',
  summary: 'Mass assignment: hardcoded_type and last_*_access in the body pass validation and are saved.',
  create: () => ({
    validation: (_operationId, body, issues) =>
      issues.filter((i) => !READ_ONLY.some((key) => i.message.includes(`"${key}" is not a permitted key`))),
    planUpdate: (_target, change, body) => {
      const attributes = isPlainObject(body.data) && isPlainObject(body.data.attributes) ? body.data.attributes : {};
      const at = (value: unknown, current: number | null) =>
        value === 'never' ? null : value === undefined ? current : Date.now();
      return {
        ...change,
        hardcodedType:
          'hardcoded_type' in attributes ? (attributes.hardcoded_type as string | null) : change.hardcodedType,
        lastCmaAccessAt: at(attributes.last_cma_access, change.lastCmaAccessAt),
        lastCdaAccessAt: at(attributes.last_cda_access, change.lastCdaAccessAt),
      };
    },
  }),
});
