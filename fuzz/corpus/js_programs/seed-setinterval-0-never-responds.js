exports.main = async (input, send) => {
setInterval(() => {}, 0);
};