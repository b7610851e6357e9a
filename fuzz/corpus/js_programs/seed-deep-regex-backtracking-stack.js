exports.main = async (input, send) => {
return /(?:a|b)*c/.test('ab'.repeat(5e5));
};