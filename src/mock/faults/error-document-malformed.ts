import { defineFault } from './define.ts';

export default defineFault({
  name: 'error-document-malformed',
  summary:
    "404s come from the framework's default handler: `{errors:[{status,title}]}` instead of the CMA error document.",
  create: () => ({
    respond: (_request, response) =>
      response.status === 404 ? { ...response, body: { errors: [{ status: '404', title: 'Not Found' }] } } : response,
  }),
});
