// The third-party server of the interop tests: jayson's raw TCP server, which reads a stream
// of JSON texts and writes each answer with no delimiter after it, or its HTTP server.
//
// Usage: node jayson_server.js [tcp|http]
// Listens on 127.0.0.1, on a port the system picks, and prints "listening on tcp://127.0.0.1:PORT"
// (or "listening on http://127.0.0.1:PORT/").
// Stops when its stdin closes or on SIGTERM.
'use strict';

const jayson = require('jayson');

// Notifications have no answer; the client reads them back with "recorded".
const recorded = [];

// jayson hands a method its params as sent, an array or an object.
const methods = {
  add(params, callback) {
    const [a, b] = Array.isArray(params) ? params : [params.a, params.b];
    callback(null, a + b);
  },
  echo(params, callback) {
    callback(null, params);
  },
  record(params, callback) {
    recorded.push(params);
    callback();
  },
  recorded(params, callback) {
    callback(null, recorded);
  },
  refuse(params, callback) {
    callback({code: -32050, message: 'refused', data: {reason: 'always refuses', params}});
  },
};

const kind = process.argv[2] || 'tcp';
const server = kind === 'http' ? jayson.server(methods).http() : jayson.server(methods).tcp();
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on ${kind}://127.0.0.1:${server.address().port}${kind === 'http' ? '/' : ''}`);
});

// The driver stops us by closing stdin; the client is done by then, so nothing is cut short.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
