exports.main = async (input, send) => {
const spin = () => process.nextTick(spin); spin(); await new Promise(() => {});
};