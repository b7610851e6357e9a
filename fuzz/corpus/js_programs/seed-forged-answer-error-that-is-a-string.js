exports.main = async (input, send) => {
JSON.stringify = () => '{"t":"error","error":"boom"}'; return 1;
};