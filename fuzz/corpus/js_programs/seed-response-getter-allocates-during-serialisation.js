exports.main = async (input, send) => {
return { get body() { const a = []; for (;;) a.push(new Array(1e4).fill(a.length)); } };
};