exports.main = async (input, send) => {
const keep = []; for (;;) { try { keep.push(new Array(1e5).fill(1)); } catch (e) { keep.push(e); } }
};