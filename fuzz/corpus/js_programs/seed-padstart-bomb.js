exports.main = async (input, send) => {
return ''.padStart(2 ** 30, 'ab').length;
};