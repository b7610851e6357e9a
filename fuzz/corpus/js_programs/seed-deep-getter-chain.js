exports.main = async (input, send) => {
let o = { v: 1 }; for (let i = 0; i < 1e5; i++) { const p = o; o = { get v() { return p.v; } }; } return o.v;
};