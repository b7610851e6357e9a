// POST /_hcms/api/contact with a form (application/x-www-form-urlencoded) or
// JSON {email, message}. Answers 400 with the problems, or 200.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

exports.main = (context, sendResponse) => {
  const { email = "", message = "" } = context.body || {};
  const errors = {};
  if (!EMAIL.test(String(email))) errors.email = "Enter an email address like ann@example.com.";
  if (String(message).trim().length < 5) errors.message = "Write at least 5 characters.";
  if (Object.keys(errors).length > 0) {
    sendResponse({ statusCode: 400, body: { ok: false, errors } });
    return;
  }
  console.log(`contact request from ${email}`);
  sendResponse({ statusCode: 200, body: { ok: true, message: "Thanks, we will be in touch." } });
};
