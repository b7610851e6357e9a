exports.main = async (input, send) => {
return new RegExp('('.repeat(1e5) + 'a' + ')'.repeat(1e5)).test('a');
};