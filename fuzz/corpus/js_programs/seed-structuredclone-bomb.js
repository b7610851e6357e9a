exports.main = async (input, send) => {
let o = [1]; for (let i = 0; i < 40; i++) o = [o, o]; return structuredClone(o).length;
};