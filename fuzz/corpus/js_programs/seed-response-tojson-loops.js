exports.main = async (input, send) => {
return { body: { toJSON() { for (;;) {} } } };
};