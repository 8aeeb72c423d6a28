// The third-party WebSocket server of the interop tests: rpc-websockets' Server, with the
// methods jayson_server.js has, so that interop_client runs the same checks against it.
//
// Usage: node rpcws_server.js
// Listens on 127.0.0.1, on a port the system picks, and prints "listening on ws://127.0.0.1:PORT/".
// Stops when its stdin closes or on SIGTERM.
'use strict';

const {Server} = require('rpc-websockets');

const recorded = [];
const server = new Server({host: '127.0.0.1', port: 0});

// rpc-websockets hands a method its params as sent; a thrown plain object is the error answer.
server.register('add', (params) => {
  const [a, b] = Array.isArray(params) ? params : [params.a, params.b];
  return a + b;
});
server.register('echo', (params) => params);
server.register('record', (params) => {
  recorded.push(params);
  return null;
});
server.register('recorded', () => recorded);
server.register('refuse', (params) => {
  throw {code: -32050, message: 'refused', data: {reason: 'always refuses', params}};
});

server.on('listening', () => console.log(`listening on ws://127.0.0.1:${server.wss.address().port}/`));
server.on('error', (error) => {
  console.error(`rpc-websockets server: ${error}`);
  process.exit(1);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
