// GET /_hcms/api/api-status: reads the API_KEY secret (listed in
// serverless.json, so it is in process.env) and says whether it is set,
// without ever returning or logging the value itself.
exports.main = async () => {
  const key = process.env.API_KEY;
  if (!key) {
    return {
      statusCode: 503,
      body: { configured: false, message: "API_KEY is not set: copy .env.example to .env and fill it in." },
    };
  }
  return { statusCode: 200, body: { configured: true, length: key.length } };
};
