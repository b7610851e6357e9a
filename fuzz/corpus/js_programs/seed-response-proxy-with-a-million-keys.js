exports.main = async (input, send) => {
const keys = Array.from({ length: 1e6 }, (_, i) => 'k' + i); return { body: new Proxy({}, { ownKeys: () => keys, getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }) }) };
};