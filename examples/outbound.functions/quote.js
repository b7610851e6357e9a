// GET /_hcms/api/quote: calls an outside API with fetch and passes its answer
// on. Outbound calls need egress to be allowed; until then fetch rejects and
// this function answers 502 with the reason.
exports.main = async () => {
  try {
    const response = await fetch("https://api.github.com/zen", {
      headers: { "user-agent": "fnbox-example" },
    });
    return { statusCode: 200, body: { quote: (await response.text()).trim() } };
  } catch (error) {
    console.error(`outbound call failed: ${error.message}`);
    return { statusCode: 502, body: { message: `The outbound call failed: ${error.message}` } };
  }
};
