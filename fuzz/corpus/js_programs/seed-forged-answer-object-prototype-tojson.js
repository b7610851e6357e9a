exports.main = async (input, send) => {
Object.prototype.toJSON = function () { return 'x'; }; return { a: 1 };
};