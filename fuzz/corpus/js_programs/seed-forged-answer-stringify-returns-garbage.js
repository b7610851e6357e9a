exports.main = async (input, send) => {
JSON.stringify = () => 'not json'; return 1;
};