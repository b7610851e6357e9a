exports.main = async (input, send) => {
return Buffer.alloc(1e9).length;
};