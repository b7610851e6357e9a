module.exports = require('_unavailable').makeUnavailable('vm', 'functions cannot create separate JavaScript contexts.');
