exports.main = async (input, send) => {
const refs = []; for (;;) refs.push(new WeakRef({ a: new Array(100) }));
};