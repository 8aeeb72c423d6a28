// The third-party HTTP client of the interop tests: jayson's HTTP client against the rpcforge
// server interop_server listening on http://127.0.0.1:PORT/rpc.
//
// Usage: node jayson_http_client.js PORT
// Exits 0 when every check passes, 1 at the first mismatch, with what was expected and got.
'use strict';

const assert = require('node:assert/strict');
const jayson = require('jayson');

const client = jayson.client.http({hostname: '127.0.0.1', port: Number(process.argv[2]), path: '/rpc'});

// One request, resolved with the raw response (undefined when none came).
function send(request) {
  return new Promise((resolve, reject) => {
    client.request(request, (err, response) => (err ? reject(err) : resolve(response)));
  });
}

async function call(method, params) {
  const request = client.request(method, params);
  const response = await send(request);
  assert.equal(response.jsonrpc, '2.0', `${method}: "jsonrpc"`);
  assert.equal(response.id, request.id, `${method}: the id is echoed`);
  return response;
}

async function main() {
  assert.equal((await call('subtract', [42, 23])).result, 19, 'subtract by position');
  assert.equal((await call('subtract', {subtrahend: 23, minuend: 42})).result, 19, 'subtract by name');
  assert.deepEqual((await call('get_data', [])).result, ['hello', 5], 'get_data');
  assert.equal((await call('no_such_method', [1])).error?.code, -32601, 'unknown method');
  assert.deepEqual((await call('fail', [])).error, {code: -32001, message: 'custom', data: {detail: 1}}, 'custom error');

  // Over HTTP a notification is answered (200, empty body) only once it has run, so the next
  // call sees it.
  assert.equal(await send(client.request('log', ['from jayson over http'], null)), undefined, 'notification');
  assert.deepEqual((await call('get_log', [])).result, ['from jayson over http'], 'notification arrived');

  const byPosition = client.request('subtract', [42, 23]);
  const unknown = client.request('no_such_method', [1]);
  const responses = await send([byPosition, client.request('log', ['in a batch'], null), unknown]);
  assert.ok(Array.isArray(responses), `batch: an array answers, got ${JSON.stringify(responses)}`);
  assert.equal(responses.length, 2, 'batch: one answer per call');
  const byId = new Map(responses.map((response) => [response.id, response]));
  assert.equal(byId.get(byPosition.id)?.result, 19, 'batch: subtract');
  assert.equal(byId.get(unknown.id)?.error?.code, -32601, 'batch: unknown method');
  console.log('jayson http client: all checks passed');
}

setTimeout(() => {
  console.error('jayson http client: timed out after 30 s');
  process.exit(1);
}, 30000).unref();

main().catch((err) => {
  console.error(`jayson http client: ${err.stack || err}`);
  process.exit(1);
});
