exports.main = async (input, send) => {
for (;;) {}
};