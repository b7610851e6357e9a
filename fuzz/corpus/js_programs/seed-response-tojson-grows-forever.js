exports.main = async (input, send) => {
const grow = (n) => ({ toJSON() { return [grow(n + 1), 'x'.repeat(1000)]; } }); return { body: grow(0) };
};