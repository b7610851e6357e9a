module.exports = require('_unavailable').makeUnavailable('cluster', 'functions run as a single process.');
