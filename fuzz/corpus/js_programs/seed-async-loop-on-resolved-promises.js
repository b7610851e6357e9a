exports.main = async (input, send) => {
for (;;) await null;
};