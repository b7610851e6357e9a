exports.main = async (input, send) => {
return new ArrayBuffer(2 ** 32 - 1).byteLength;
};