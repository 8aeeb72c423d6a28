// Runs one interop scenario: starts a server, waits for its "listening on SCHEME://HOST:PORT"
// line, runs a client against that port, then stops the server by closing its stdin.
// Every wait is bounded and the server is always stopped, so a peer that hangs fails the
// test with a message instead of stalling ctest. The server must also exit cleanly: under
// the sanitizers that is where leaks and late memory errors show.
//
// Usage: node run_pair.js SERVER [ARGS...] -- CLIENT [ARGS...]
// "{port}" in the client's arguments becomes the port the server announced.
'use strict';

const {spawn} = require('node:child_process');

const START_MS = 15000;  // sanitized builds start slowly
const CLIENT_MS = 40000;  // under ctest's TIMEOUT 60
const STOP_MS = 5000;

function parseArgs(argv) {
  const split = argv.indexOf('--');
  if (split < 1 || split === argv.length - 1) {
    console.error('usage: node run_pair.js SERVER [ARGS...] -- CLIENT [ARGS...]');
    process.exit(2);
  }
  return {server: argv.slice(0, split), client: argv.slice(split + 1)};
}

// Echoes a child's output with a prefix, line by line, and calls onLine for each line.
function relay(stream, prefix, onLine = () => {}) {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      console.log(`${prefix}${line}`);
      onLine(line);
    }
  });
  stream.on('end', () => partial && console.log(`${prefix}${partial}`));
}

// Resolves with the child's exit, or with {timedOut: true} after `ms`.
function exitWithin(exited, ms) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve({timedOut: true}), ms);
  });
  return Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
}

// Resolves once the child is gone and its output read ('close', not 'exit', so that our
// verdict prints after everything it said), or when it could not be started at all.
function exitOf(child) {
  return new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({code, signal}));
    child.on('error', (error) => resolve({error}));
  });
}

function describe(exit) {
  if (exit.error) return `could not be started (${exit.error.message})`;
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

function announcedPort(server, serverExited) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not announce a port within ${START_MS} ms`)), START_MS);
    relay(server.stdout, 'server| ', (line) => {
      const match = /^listening on [a-z]+:\/\/[^ ]*:(\d+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    serverExited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`the server ${describe(exit)} before announcing a port`));
    });
  });
}

async function runClient(argv) {
  const client = spawn(argv[0], argv.slice(1), {stdio: ['ignore', 'pipe', 'pipe']});
  const exited = exitOf(client);
  relay(client.stdout, 'client| ');
  relay(client.stderr, 'client| ');
  const exit = await exitWithin(exited, CLIENT_MS);
  if (exit.timedOut) {
    client.kill('SIGKILL');
    return `the client did not finish within ${CLIENT_MS} ms`;
  }
  return exit.code === 0 ? null : `the client ${describe(exit)}`;
}

async function stopServer(server, serverExited) {
  server.stdin.end();
  const exit = await exitWithin(serverExited, STOP_MS);
  if (exit.error) return null;  // said already: it never started
  if (exit.timedOut) {
    server.kill('SIGKILL');
    return `the server did not stop within ${STOP_MS} ms of its stdin closing`;
  }
  return exit.code === 0 ? null : `the server ${describe(exit)} when stopped`;
}

async function main() {
  const argv = parseArgs(process.argv.slice(2));
  const server = spawn(argv.server[0], argv.server.slice(1), {stdio: ['pipe', 'pipe', 'pipe']});
  const serverExited = exitOf(server);
  relay(server.stderr, 'server| ');
  server.stdin.on('error', () => {});  // the server may be gone before we close its stdin

  const failures = [];
  try {
    const port = await announcedPort(server, serverExited);
    const failure = await runClient(argv.client.map((arg) => arg.replaceAll('{port}', port)));
    if (failure) failures.push(failure);
  } catch (err) {
    failures.push(err.message);
  } finally {
    const failure = await stopServer(server, serverExited);
    if (failure) failures.push(failure);
  }
  for (const failure of failures) console.error(`run_pair: ${failure}`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

main();
