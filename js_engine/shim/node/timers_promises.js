// node:timers/promises for fnbox — the same object as require('timers').promises.
'use strict';
module.exports = require('timers').promises;
