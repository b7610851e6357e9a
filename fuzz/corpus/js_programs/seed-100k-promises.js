exports.main = async (input, send) => {
let n = 0; await Promise.all(Array.from({ length: 1e5 }, () => new Promise((r) => r(++n)))); return n;
};