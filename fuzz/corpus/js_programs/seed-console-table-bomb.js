exports.main = async (input, send) => {
console.table(Array.from({ length: 1e5 }, (_, i) => ({ i, s: 'x'.repeat(50) }))); return 'ok';
};