exports.main = async (input, send) => {
[3, 2, 1].sort(() => { for (;;) {} });
};