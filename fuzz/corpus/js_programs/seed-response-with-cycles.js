exports.main = async (input, send) => {
const o = { body: {} }; o.body.o = o; return o;
};