exports.main = async (input, send) => {
const o = { toString() { return String(o); } }; return String(o);
};