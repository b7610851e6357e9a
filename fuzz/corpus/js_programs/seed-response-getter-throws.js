exports.main = async (input, send) => {
return { get body() { throw new Error('nope'); } };
};