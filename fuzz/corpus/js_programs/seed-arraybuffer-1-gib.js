exports.main = async (input, send) => {
return new ArrayBuffer(2 ** 30).byteLength;
};