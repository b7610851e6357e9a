exports.main = async (input, send) => {
let v0 = 0, v1 = 1, v2 = 'x', v3 = null, o = {}, arr = [], s = '';
console.log(Array.from({ length: 2 }, (_, i) => i).sort(() => ({ a: ({ valueOf() { setTimeout(() => { arr = 0; }, 2); return 1; } }) * 2, get b() { require('fnbox').call('constructor', require('util').format('__proto__', [], s)).catch(() => {}); return Object.keys([...(function* () { for (let i = 0; i < 100; i++) yield i; })()].length || {}).length; } }) ? -1 : 1), require('crypto').createHash('sha256').update(String(new Uint8Array(1e7))).digest('hex'));
for (let i = 0; i < 100; i++) { try { while (v1 !== BigInt(10) ** BigInt(100) && true) { if (v0 > 1) process.exit(0); } } finally { if (Math.random() < 2) return 10; }
o = new WeakRef({ x: v0 }).deref();
for (let i = 0; i < 1e7; i++) { try { send(String('😀').split('').reverse().join(''));
v1 = (function* () { Error.prepareStackTrace = null; yield Reflect.ownKeys(input || {}); })().next().value; } catch (e) { v3 = String(e); }
if ((await Promise.race([new Promise(r => setTimeout(() => r(Math.random() < 2), 10)), Reflect.ownKeys(input || {})]))) throw new Error(String(({ a: [({}), ({})], get b() { queueMicrotask(() => { v1 = 2 ** 31; }); return JSON.stringify([]); } }))); } }
for (let i = 0; i < 2 ** 20; i++) { setTimeout(() => { arr = setInterval(() => { arr.push(/^(x+x+)+y/.test(''.repeat(2 ** 20))); }, 1);
Function.prototype.map = function () { require('fnbox').call('toJSON', '\u00e9'.padStart(1, 'ab').length).catch(() => {}); return JSON.parse(JSON.stringify(({ a: [], get b() { o = -1; return 0; } })) || 'null'); }; }, 1);
new FinalizationRegistry(() => { for (let i = 0; i < 2 ** 20; i++) { process.nextTick(() => { try { v2 = 1e4; } finally { s = 1e7; } }); } }).register({}, 1); }

};
