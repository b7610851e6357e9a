module.exports = require('_unavailable').makeUnavailable('net', 'functions cannot open raw sockets; use fetch() (or axios) for HTTP(S) requests.');
