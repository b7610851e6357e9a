exports.main = async (input, send) => {
const a = []; for (;;) a.push({ x: a.length });
};