exports.main = async (input, send) => {
return { get body() { send({ body: 'other' }); process.exit(0); } };
};