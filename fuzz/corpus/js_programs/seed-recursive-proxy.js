exports.main = async (input, send) => {
const p = new Proxy({}, { get: (t, k) => p[k] }); return p.x;
};