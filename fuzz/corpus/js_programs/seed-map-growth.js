exports.main = async (input, send) => {
const m = new Map(); for (let i = 0; ; i++) m.set(i, 'v' + i);
};