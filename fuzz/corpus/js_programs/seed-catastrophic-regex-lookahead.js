exports.main = async (input, send) => {
return /^(?=(a+))*\1b$/.test('a'.repeat(5000));
};