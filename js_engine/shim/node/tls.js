module.exports = require('_unavailable').makeUnavailable('tls', 'functions cannot open TLS sockets; use fetch() (or axios) for HTTPS requests.');
