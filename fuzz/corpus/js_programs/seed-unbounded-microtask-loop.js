exports.main = async (input, send) => {
const spin = () => Promise.resolve().then(spin); spin(); await new Promise(() => {});
};