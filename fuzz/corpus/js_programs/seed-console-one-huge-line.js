exports.main = async (input, send) => {
console.log('y'.repeat(2e7)); return 'ok';
};