exports.main = async (input, send) => {
const a = Array.from({ length: 2e5 }, (_, i) => i); a.sort(() => Math.random() - 0.5); return a.length;
};