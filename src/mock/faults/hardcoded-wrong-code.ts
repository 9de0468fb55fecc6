import { apiError } from '../responses.ts';
import { defineFault } from './define.ts';

export default defineFault({
  name: 'hardcoded-wrong-code',
  summary:
    'A factory token is refused as it should be, but with INSUFFICIENT_PERMISSIONS instead of NON_EDITABLE_ACCESS_TOKEN.',
  create: () => ({
    reject: (event, error) =>
      event.target?.hardcodedType && error.status !== 404 ? apiError(401, 'INSUFFICIENT_PERMISSIONS') : error,
  }),
});
