exports.main = async (input, send) => {
const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return { body: proxy };
};