exports.main = async (input, send) => {
const a = Array.from({ length: 1e4 }, (_, i) => i); a.sort((x, y) => { a.length = 0; a.push(...Array(100).fill(x)); return y - x; }); return a.length;
};