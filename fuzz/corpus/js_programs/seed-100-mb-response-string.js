exports.main = async (input, send) => {
return { body: 'x'.repeat(100 * 1024 * 1024) };
};