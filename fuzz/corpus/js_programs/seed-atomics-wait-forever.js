exports.main = async (input, send) => {
if (typeof Atomics === 'undefined') return 'no Atomics'; return Atomics.wait(new Int32Array(new SharedArrayBuffer(16)), 0, 0);
};