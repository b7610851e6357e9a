exports.main = async (input, send) => {
const s = 'x'.repeat(2 ** 24); const a = []; for (;;) a.push(s + a.length);
};