exports.main = async (input, send) => {
return { get body() { JSON.stringify = () => 'garbage'; return 'ok'; } };
};