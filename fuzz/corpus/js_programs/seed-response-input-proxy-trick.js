exports.main = async (input, send) => {
const p = new Proxy(input, { get(t, k) { return k === 'then' ? undefined : Reflect.get(t, k); } }); return { body: Reflect.ownKeys(p) };
};