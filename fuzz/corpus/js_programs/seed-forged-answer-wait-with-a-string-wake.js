exports.main = async (input, send) => {
JSON.stringify = () => '{"t":"wait","wake":"soon"}'; setTimeout(() => {}, 5);
};