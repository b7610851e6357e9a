exports.main = async (input, send) => {
const o = { get body() { return o.body; } }; return o;
};