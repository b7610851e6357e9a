module.exports = require('_unavailable').makeUnavailable('https', 'functions cannot run HTTPS servers or use the https client; use fetch() (or axios) for outgoing requests.');
