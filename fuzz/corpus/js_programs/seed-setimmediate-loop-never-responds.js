exports.main = async (input, send) => {
const spin = () => setImmediate(spin); spin();
};