// GET /_hcms/api/hello?name=Ann -> "Hello, Ann!" as HTML (a string body).
exports.main = (context, sendResponse) => {
  const name = (context.params.name || ["world"])[0];
  console.log(`greeting ${name}`);
  sendResponse({ statusCode: 200, body: `<p>${process.env.GREETING}, ${escapeHtml(name)}!</p>` });
};

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
