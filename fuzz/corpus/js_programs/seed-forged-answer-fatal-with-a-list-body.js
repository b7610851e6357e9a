exports.main = async (input, send) => {
JSON.stringify = () => '{"t":"fatal","message":[1]}'; return 1;
};