// The calculator's generated TypeScript client (rpcforge generate --lang typescript), compiled
// in strict mode and run under Node against a running calculator server: typed calls over HTTP
// and over WebSocket, a typed batch, a declared error as its own class, and a callback the
// server sends over WebSocket.
//
//   node calculator_client_test.js HTTP_URL WS_URL
import { strict as assert } from "assert";
import WebSocket from "ws";

import {
  Calculation, CalculatorClient, DivisionByZero, HttpTransport, RpcError, WebSocketTransport,
} from "./calculator";

async function overHttp(url: string): Promise<void> {
  const calculator = new CalculatorClient(new HttpTransport(url));
  assert.equal(await calculator.add(2, 3), 5);
  assert.equal(await calculator.subtract(10, 4), 6);
  assert.equal(await calculator.sum(1, 2), 3);  // optional parameters left out
  assert.equal(await calculator.sum(1, 2, 3, 4), 10);
  assert.equal(await calculator.divide(7, 2, "floor"), 3);

  const calculation: Calculation = { operation: "multiply", operands: [2, 3.5], precision: 1, label: null };
  const result = await calculator.calculate(calculation);
  assert.equal(result.value, 7);
  assert.equal(typeof result.expression, "string");
  assert.deepEqual(await calculator.echo({ nested: [1, "two"] }), { nested: [1, "two"] });
  assert.deepEqual(await calculator.get_data(), ["hello", 5]);

  // A declared error arrives as its class, with its code; any other as an RpcError.
  await assert.rejects(calculator.divide(1, 0), (e: unknown) => e instanceof DivisionByZero && e.code === 1001);
  await assert.rejects(calculator.add(1, 2.5), (e: unknown) =>
    e instanceof RpcError && !(e instanceof DivisionByZero) && e.code === -32602);

  // A typed batch: one request, each call's promise with its own outcome.
  const batch = calculator.batch();
  const two = batch.add(1, 1);
  const failed = batch.divide(1, 0);
  batch.notify_log("from a batch");
  const twenty = batch.sum(5, 5, 5, 5);
  await batch.send();
  assert.equal(await two, 2);
  await assert.rejects(failed, DivisionByZero);
  assert.equal(await twenty, 20);
  assert.ok((await calculator.get_log()).includes("from a batch"));
}

async function overWebSocket(url: string): Promise<void> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve());
    socket.addEventListener("error", () => reject(new Error(`cannot open ${url}`)));
  });
  const transport = new WebSocketTransport(socket);
  const calculator = new CalculatorClient(transport);

  // The server tells every connected client of each message logged: a typed callback.
  const heard = new Promise<[string, number]>((resolve) => {
    calculator.handleCallbacks(transport, { log_added: (message, count) => resolve([message, count]) });
  });
  await calculator.notify_log("over WebSocket");
  const [message, count] = await heard;
  assert.equal(message, "over WebSocket");
  assert.ok(count >= 1);

  assert.equal(await calculator.add(20, 22), 42);
  await assert.rejects(calculator.divide(1, 0), DivisionByZero);
  const batch = calculator.batch();
  const sum = batch.sum(1, 2, 3);
  const echoed = batch.echo("text");
  await batch.send();
  assert.equal(await sum, 6);
  assert.equal(await echoed, "text");
  transport.close();
}

async function main(): Promise<void> {
  const [httpUrl, wsUrl] = process.argv.slice(2);
  await overHttp(httpUrl);
  await overWebSocket(wsUrl);
  console.log("TypeScript client: all checks passed");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
