// GET /_hcms/api/old-page -> 301 to the new page, keeping the query string.
const querystring = require("querystring");

exports.main = (context, sendResponse) => {
  const query = querystring.stringify(context.params);
  sendResponse({
    statusCode: 301,
    headers: { Location: "/new-page" + (query ? "?" + query : "") },
    body: "",
  });
};
