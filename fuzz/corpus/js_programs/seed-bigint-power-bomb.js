exports.main = async (input, send) => {
return String(2n ** 10000000n).length;
};