exports.main = async (input, send) => {
let s = 'x'; for (;;) s += s;
};