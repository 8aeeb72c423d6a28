// The third-party WebSocket client of the interop tests: rpc-websockets' Client against the
// rpcforge server interop_server listening on ws://127.0.0.1:PORT/rpc.
//
// Usage: node rpcws_client.js PORT
// Exits 0 when every check passes, 1 at the first mismatch, with what was expected and got.
'use strict';

const assert = require('node:assert/strict');
const {Client} = require('rpc-websockets');

const client = new Client(`ws://127.0.0.1:${process.argv[2]}/rpc`, {reconnect: false});

async function rejection(promise) {
  try {
    return {result: await promise};
  } catch (error) {
    return {error};
  }
}

async function main() {
  await new Promise((resolve, reject) => {
    client.once('open', resolve);
    client.once('error', reject);
  });
  assert.equal(await client.call('subtract', [42, 23]), 19, 'subtract by position');
  assert.equal(await client.call('subtract', {subtrahend: 23, minuend: 42}), 19, 'subtract by name');
  assert.deepEqual(await client.call('get_data', []), ['hello', 5], 'get_data');
  assert.equal((await rejection(client.call('no_such_method', [1]))).error?.code, -32601, 'unknown method');
  assert.deepEqual((await rejection(client.call('fail', []))).error,
      {code: -32001, message: 'custom', data: {detail: 1}}, 'custom error');

  // Messages on one WebSocket run in order, so the call after the notifications sees them.
  await client.notify('log', ['from rpc-websockets']);
  await client.notify('notify_hello', {n: 9});
  assert.deepEqual(await client.call('get_log', []), ['from rpc-websockets', 'hello 9'], 'notifications arrived');

  const many = await Promise.all(Array.from({length: 50}, (_, i) => client.call('subtract', [i, 1])));
  assert.deepEqual(many, Array.from({length: 50}, (_, i) => i - 1), '50 calls in flight');
  client.close();
  console.log('rpc-websockets client: all checks passed');
}

setTimeout(() => {
  console.error('rpc-websockets client: timed out after 30 s');
  process.exit(1);
}, 30000).unref();

main().catch((err) => {
  console.error(`rpc-websockets client: ${err.stack || JSON.stringify(err)}`);
  process.exit(1);
});
