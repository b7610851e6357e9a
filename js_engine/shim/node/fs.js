module.exports = require('_unavailable').makeUnavailable('fs', 'functions have no file system.');
