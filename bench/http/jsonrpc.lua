-- wrk script of the benchmark suite: POSTs one JSON-RPC message over and over and counts only
-- right answers. The workload comes from the environment (wrk passes no arguments to setup):
--   BENCH_WORKLOAD=add|batch|echo|notify   BENCH_BATCH=100   BENCH_ECHO_BYTES=1048576
-- Prints one line of JSON, as rpc_load and grpc_load do:
--   {"ok", "errors", "seconds", "rate", "p50_us", "p99_us"}   (rate in right calls per second)

local workload = os.getenv("BENCH_WORKLOAD") or "add"
local batch = tonumber(os.getenv("BENCH_BATCH") or "100")
local echo_bytes = tonumber(os.getenv("BENCH_ECHO_BYTES") or "1048576")

local add_call = '{"jsonrpc":"2.0","method":"add","params":[1,2],"id":1}'
local echo_text = string.rep("x", echo_bytes)
local calls_per_request = 1

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

if workload == "add" then
   wrk.body = add_call
elseif workload == "batch" then
   local calls = {}
   for i = 1, batch do
      calls[i] = string.format('{"jsonrpc":"2.0","method":"add","params":[%d,2],"id":%d}', i, i)
   end
   wrk.body = "[" .. table.concat(calls, ",") .. "]"
   calls_per_request = batch
elseif workload == "echo" then
   wrk.body = '{"jsonrpc":"2.0","method":"echo","params":["' .. echo_text .. '"],"id":1}'
elseif workload == "notify" then
   wrk.body = '{"jsonrpc":"2.0","method":"note","params":[1]}'
else
   error("unknown BENCH_WORKLOAD " .. workload)
end

-- True when `body` is the right answer to the workload's message.
local function right_answer(status, body)
   if status < 200 or status > 299 then return false end
   if workload == "notify" then
      -- A notification has no answer: an empty body (204, or 200 with nothing).
      return body == nil or not body:find("[^%s]")
   end
   if body:find('"error"', 1, true) then return false end
   if workload == "add" then
      return body:find('"result"%s*:%s*3[,}%s]') ~= nil and body:find('"id"%s*:%s*1[,}%s]') ~= nil
   elseif workload == "echo" then
      return #body >= echo_bytes and body:find(echo_text, 1, true) ~= nil
   end
   -- A batch: every call i answered with i + 2.
   local right = 0
   for object in body:gmatch("{[^{}]*}") do
      local id = tonumber(object:match('"id"%s*:%s*(%d+)'))
      local result = tonumber(object:match('"result"%s*:%s*(%d+)'))
      if id and result == id + 2 then right = right + 1 end
   end
   return right == batch
end

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   right = 0
   wrong = 0
end

function response(status, headers, body)
   if right_answer(status, body) then right = right + 1 else wrong = wrong + 1 end
end

function done(summary, latency, requests)
   local ok, errors = 0, 0
   for _, thread in ipairs(threads) do
      ok = ok + thread:get("right")
      errors = errors + thread:get("wrong")
   end
   local e = summary.errors
   errors = errors + e.connect + e.read + e.write + e.timeout
   local seconds = summary.duration / 1e6
   io.write(string.format('{"ok": %d, "errors": %d, "seconds": %.3f, "rate": %.1f, "p50_us": %d, "p99_us": %d}\n',
      ok * calls_per_request, errors, seconds, ok * calls_per_request / seconds,
      latency:percentile(50), latency:percentile(99)))
end
