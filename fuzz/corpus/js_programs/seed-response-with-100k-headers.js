exports.main = async (input, send) => {
const h = {}; for (let i = 0; i < 1e5; i++) h['x-h' + i] = 'v'; return { headers: h, body: 'ok' };
};