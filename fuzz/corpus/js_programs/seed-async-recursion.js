exports.main = async (input, send) => {
const f = async (n) => f(n + 1); return await f(0);
};