exports.main = async (input, send) => {
for (let i = 0; i < 1e4; i++) setInterval(() => {}, 1);
};