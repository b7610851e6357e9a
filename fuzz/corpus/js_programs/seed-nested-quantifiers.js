exports.main = async (input, send) => {
return /(x+x+)+y/.test('x'.repeat(50));
};