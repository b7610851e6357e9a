exports.main = async (input, send) => {
return { statusCode: 200, get body() { for (;;) {} } };
};