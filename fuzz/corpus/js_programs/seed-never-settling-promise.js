exports.main = async (input, send) => {
await new Promise(() => {});
};