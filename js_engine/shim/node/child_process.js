module.exports = require('_unavailable').makeUnavailable('child_process', 'functions cannot start processes.');
