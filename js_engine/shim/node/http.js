module.exports = require('_unavailable').makeUnavailable('http', 'functions cannot run HTTP servers or use the http client; use fetch() (or axios) for outgoing requests.');
