module.exports = require('_unavailable').makeUnavailable('dns', 'functions cannot query DNS directly; fetch() resolves host names itself.');
