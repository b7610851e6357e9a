exports.main = async (input, send) => {
const o = { body: {} }; o.body.self = o; return o;
};