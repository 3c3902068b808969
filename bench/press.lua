-- wrk script for bench/press_bench.py: share presses only, each from a reader of its own (a
-- new address, sent through the trusted proxy header, and a new browser), htmx as the share
-- bar sends them, over the slugs in the file given as the first argument and the networks htmx
-- presses. With "hello" as its only argument it asks for "/" alone: the bare app's baseline.
-- Counts 200, 5xx, 429 and other answers per thread; press_bench.py reads the summary line.
local slugs = {}
local networks = {"email", "copy", "bluesky", "facebook", "x", "linkedin", "reddit", "whatsapp", "telegram"}
local threads = {}
local hello = false

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, status5xx, status429, other = 0, 0, 0, 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  if args[1] == "hello" then hello = true return end
  for slug in io.lines(args[1]) do table.insert(slugs, slug) end
end

function request()
  if hello then return wrk.format("GET", "/") end
  local address = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  local path = "/posts/" .. slugs[math.random(#slugs)] .. "/share/" .. networks[math.random(#networks)]
  return wrk.format("POST", path, {
    ["User-Agent"] = "reader " .. math.random(1000000000),
    ["X-Forwarded-For"] = address,
    ["HX-Request"] = "true",
    ["Accept-Encoding"] = "gzip, deflate, br, zstd",
  })
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status >= 500 then status5xx = status5xx + 1
  elseif status == 429 then status429 = status429 + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local s200, s5, s429, s4 = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    s200 = s200 + thread:get("ok")
    s5 = s5 + thread:get("status5xx")
    s429 = s429 + thread:get("status429")
    s4 = s4 + thread:get("other")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("PRESS requests=%d seconds=%.2f p50=%.2f p99=%.2f socket_errors=%d ok=%d status5xx=%d status429=%d other=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, s200, s5, s429, s4))
end
