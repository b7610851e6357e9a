exports.main = async (input, send) => {
const spin = () => queueMicrotask(spin); spin(); await new Promise(() => {});
};