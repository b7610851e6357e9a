// node:os for fnbox — fixed, harmless values describing the sandbox.  Nothing
// here reveals the host machine.
'use strict';

const MEMORY = 134217728;

function cpus() {
  return [{ model: 'fnbox virtual CPU', speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } }];
}

function uptime() {
  try { return Math.floor(internal.monotonic() / 1000); } catch (e) { return 0; }
}

function userInfo(options) {
  const info = { uid: 1000, gid: 1000, username: 'fnbox', homedir: '/home/fnbox', shell: null };
  if (options && options.encoding === 'buffer') {
    const { Buffer } = require('buffer');
    info.username = Buffer.from(info.username);
    info.homedir = Buffer.from(info.homedir);
  }
  return info;
}

const signals = Object.freeze({
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
  SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17, SIGSTKFLT: 16,
  SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25,
  SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
});

const priority = Object.freeze({
  PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0, PRIORITY_ABOVE_NORMAL: -7,
  PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20,
});

module.exports = {
  arch: () => 'x64',
  availableParallelism: () => 1,
  cpus,
  endianness: () => 'LE',
  freemem: () => MEMORY,
  getPriority: () => 0,
  homedir: () => '/home/fnbox',
  hostname: () => 'fnbox',
  loadavg: () => [0, 0, 0],
  networkInterfaces: () => ({}),
  platform: () => 'linux',
  release: () => '6.1.0-fnbox',
  setPriority() {},
  tmpdir: () => '/tmp',
  totalmem: () => MEMORY,
  type: () => 'Linux',
  userInfo,
  uptime,
  version: () => '#1 SMP fnbox',
  machine: () => 'x86_64',
  constants: Object.freeze({ UV_UDP_REUSEADDR: 4, dlopen: Object.freeze({}), errno: Object.freeze({}), signals, priority }),
  EOL: '\n',
  devNull: '/dev/null',
};
