exports.main = async (input, send) => {
return String.fromCharCode.apply(null, new Array(1e7).fill(65)).length;
};