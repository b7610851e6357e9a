exports.main = async (input, send) => {
return { body: { n: 10n } };
};