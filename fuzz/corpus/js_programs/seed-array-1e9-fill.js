exports.main = async (input, send) => {
return new Array(1e9).fill(0).length;
};