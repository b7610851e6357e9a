exports.main = async (input, send) => {
try { for (;;) {} } finally { for (;;) {} }
};