// Any method on /_hcms/api/echo: answers with what the function was given.
// Handy to see how query strings, JSON and form bodies and headers arrive.
exports.main = async (context) => ({
  statusCode: 200,
  body: {
    method: context.method,
    endpoint: context.endpoint,
    accountId: context.accountId,
    params: context.params,
    body: context.body,
    headers: context.headers,
    limits: context.limits,
  },
});
