exports.main = async (input, send) => {
return { statusCode: { valueOf() { for (;;) {} }, [Symbol.toPrimitive]() { for (;;) {} } }, body: 'x' };
};