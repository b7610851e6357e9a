module.exports = require('_unavailable').makeUnavailable('worker_threads', 'functions run on a single thread; use async code (Promises) for concurrency.');
