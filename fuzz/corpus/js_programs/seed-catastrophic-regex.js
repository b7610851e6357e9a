exports.main = async (input, send) => {
return /^(a+)+$/.test('a'.repeat(40) + 'b');
};