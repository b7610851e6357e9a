exports.main = async (input, send) => {
let x = 3n; for (;;) x *= x;
};