// POST /_hcms/api/login {"user": "ann"} -> 302 to /account with two cookies
// (multiValueHeaders repeats a header: one Set-Cookie per cookie).
exports.main = (context, sendResponse) => {
  const user = String((context.body && context.body.user) || "");
  if (!/^[a-z0-9_-]{1,32}$/i.test(user)) {
    sendResponse({ statusCode: 400, body: { message: "Send {\"user\": \"name\"}." } });
    return;
  }
  sendResponse({
    statusCode: 302,
    headers: { Location: "/account" },
    multiValueHeaders: {
      "Set-Cookie": [
        `session=${user}-${Date.now()}; Path=/; HttpOnly; SameSite=Lax`,
        "theme=light; Path=/; Max-Age=31536000",
      ],
    },
    body: "",
  });
};
