exports.main = async (input, send) => {
let f = () => 0; for (;;) { const g = f; f = () => g() + 1; }
};