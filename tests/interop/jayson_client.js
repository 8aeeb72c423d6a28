// The third-party client of the interop tests: jayson's raw TCP client against the rpcforge
// server interop_server. jayson opens one connection per request, writes the JSON text and
// a newline, reads the answer, and ends the connection.
//
// Usage: node jayson_client.js PORT
// Exits 0 when every check passes, 1 at the first mismatch, with what was expected and got.
'use strict';

const assert = require('node:assert/strict');
const jayson = require('jayson');

const client = jayson.client.tcp({host: '127.0.0.1', port: Number(process.argv[2])});

// One request, resolved with the raw response (undefined when none came). `request` is a
// request object or an array of them (a batch).
function send(request) {
  return new Promise((resolve, reject) => {
    client.request(request, (err, response) => (err ? reject(err) : resolve(response)));
  });
}

// A call with the id jayson generates; checks the envelope and returns the response.
async function call(method, params) {
  const request = client.request(method, params);
  const response = await send(request);
  assert.equal(response.jsonrpc, '2.0', `${method}: "jsonrpc"`);
  assert.equal(response.id, request.id, `${method}: the id is echoed`);
  return response;
}

// jayson reports a notification done once written, before the server has read it. The
// server closes a connection only after running what it received, so waiting for the close
// makes a following get_log see the notification instead of racing it.
function notify(method, params) {
  return new Promise((resolve, reject) => {
    client.once('tcp socket', (socket) => socket.on('close', resolve));
    client.request(method, params, null, (err) => err && reject(err));
  });
}

async function checkCalls() {
  assert.equal((await call('subtract', [42, 23])).result, 19, 'subtract by position');
  assert.equal((await call('subtract', {subtrahend: 23, minuend: 42})).result, 19, 'subtract by name');
  assert.equal((await call('sum', [1, 2, 3, 4])).result, 10, 'sum of four');
  assert.deepEqual((await call('get_data', [])).result, ['hello', 5], 'get_data');
  assert.equal((await send(client.request('subtract', [7, 2], 12345))).id, 12345, 'a number id is echoed');

  const unknown = await call('no_such_method', [1]);
  assert.equal(unknown.error?.code, -32601, 'unknown method: code');
  assert.equal(unknown.result, undefined, 'unknown method: no result');

  const custom = await call('fail', []);
  assert.deepEqual(custom.error, {code: -32001, message: 'custom', data: {detail: 1}}, 'custom error');
}

async function checkNotifications() {
  await notify('log', ['from jayson']);
  await notify('notify_hello', {n: 5});
  assert.deepEqual((await call('get_log', [])).result, ['from jayson', 'hello 5'], 'notifications arrived');
}

async function checkBatches() {
  const calls = {
    byPosition: client.request('subtract', [42, 23]),
    byName: client.request('subtract', {minuend: 23, subtrahend: 42}),
    unknown: client.request('no_such_method', [1]),
    data: client.request('get_data', []),
  };
  const note = client.request('log', ['from a batch'], null);
  const responses = await send([calls.byPosition, note, calls.byName, calls.unknown, calls.data]);
  assert.ok(Array.isArray(responses), `batch: an array answers, got ${JSON.stringify(responses)}`);
  assert.equal(responses.length, 4, 'batch: one answer per call, none for the notification');
  const byId = new Map(responses.map((response) => [response.id, response]));
  assert.equal(byId.get(calls.byPosition.id)?.result, 19, 'batch: subtract by position');
  assert.equal(byId.get(calls.byName.id)?.result, -19, 'batch: subtract by name');
  assert.equal(byId.get(calls.unknown.id)?.error?.code, -32601, 'batch: unknown method');
  assert.deepEqual(byId.get(calls.data.id)?.result, ['hello', 5], 'batch: get_data');

  await checkAllNotificationBatch();
  // A batch's members run concurrently (the specification allows any order): the last two,
  // one batch, may have arrived either way round.
  const log = (await call('get_log', [])).result;
  assert.deepEqual(log.slice(0, 3), ['from jayson', 'hello 5', 'from a batch'], 'batch notifications arrived');
  assert.deepEqual(log.slice(3).sort(), ['hello 6', 'only 1'], 'all-notification batch arrived');
}

// An all-notification batch must get no answer at all (not even "[]"). jayson waits for an
// answer to any batch, so we end our side once it has written: the server then runs the
// batch and closes, and jayson reports the end of the connection with no response.
async function checkAllNotificationBatch() {
  client.once('tcp socket', (socket) => socket.once('connect', () => socket.end()));
  const response = await send([client.request('log', ['only 1'], null), client.request('notify_hello', [6], null)]);
  assert.equal(response, undefined, 'all-notification batch: no answer');
}

async function main() {
  await checkCalls();
  await checkNotifications();
  await checkBatches();
  console.log('jayson client: all checks passed');
}

// Bounds the whole run, so that a server that never answers fails the test with a message.
setTimeout(() => {
  console.error('jayson client: timed out after 30 s');
  process.exit(1);
}, 30000).unref();

main().catch((err) => {
  console.error(`jayson client: ${err.stack || err}`);
  process.exit(1);
});
