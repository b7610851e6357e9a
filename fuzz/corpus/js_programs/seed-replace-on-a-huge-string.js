exports.main = async (input, send) => {
return 'a'.repeat(1e7).replace(/a/g, () => 'bb').length;
};