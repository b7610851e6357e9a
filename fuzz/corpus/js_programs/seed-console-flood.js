exports.main = async (input, send) => {
for (;;) console.log('x'.repeat(1000));
};