exports.main = async (input, send) => {
for (;;) { try { throw 1; } catch (e) { continue; } }
};