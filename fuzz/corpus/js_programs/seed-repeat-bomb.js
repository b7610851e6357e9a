exports.main = async (input, send) => {
return 'ab'.repeat(2 ** 29).length;
};