-- wrk script for bench/load.py: the readers' mix. 35% listing pages (most on page 1, the rest
-- over the first 200), 40% post pages (half among the 20 newest, half over 5,000), 15%
-- two-word searches of common words, 10% share presses from distinct readers. Every request
-- comes from a reader's own address, named in X-Forwarded-For as a trusted front proxy would
-- (load.py says why): a read from one of many readers, each press from a new one. Every
-- request accepts gzip, as browsers do. With "hello" as its only argument it asks for "/" alone: the bare app's
-- baseline; with "presses" as the fourth argument it sends the presses alone
-- (bench/press_bench.py). Counts 200, 5xx, 429 and other 4xx answers, and answers the proxy
-- served from its cache (X-Cache HIT, STALE or UPDATING), per thread; load.py and
-- press_bench.py read the summary line.
local newest, spread, pages = {}, {}, 200
local words = {"peer", "support", "community", "health", "group", "fair", "services", "people"}
local networks = {"email", "copy", "bluesky", "facebook", "x", "linkedin", "reddit", "whatsapp", "telegram"}
local threads = {}
local hello = false
-- "reads" as a fourth argument: the mix without its presses (the other shares scaled up).
local reads_only = false
local presses_only = false

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, status5xx, status429, other4xx, cached = 0, 0, 0, 0, 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  if args[1] == "hello" then hello = true return end
  for slug in io.lines(args[1]) do table.insert(newest, slug) end
  for slug in io.lines(args[2]) do table.insert(spread, slug) end
  pages = tonumber(args[3])
  reads_only = args[4] == "reads"
  presses_only = args[4] == "presses"
end

local function post_slug()
  if math.random(2) == 1 then return newest[math.random(#newest)] end
  return spread[math.random(#spread)]
end

-- Readers' browsers all accept compressed responses.
wrk.headers["Accept-Encoding"] = "gzip, deflate, br, zstd"

local function reader_address()
  return string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
end

local read_headers = {["Accept-Encoding"] = wrk.headers["Accept-Encoding"]}

local function read(path)
  read_headers["X-Forwarded-For"] = reader_address()
  return wrk.format("GET", path, read_headers)
end

function request()
  if hello then return wrk.format("GET", "/") end
  local r = presses_only and 100 or math.random(reads_only and 90 or 100)
  if r <= 35 then
    if math.random(100) <= 60 then return read("/") end
    return read("/?page=" .. math.random(2, pages))
  elseif r <= 75 then
    return read("/posts/" .. post_slug())
  elseif r <= 90 then
    local q = words[math.random(#words)] .. "+" .. words[math.random(#words)]
    return read("/search?q=" .. q)
  else
    local path = "/posts/" .. post_slug() .. "/share/" .. networks[math.random(#networks)]
    return wrk.format("POST", path, {
      ["User-Agent"] = "reader " .. math.random(1000000000),
      ["X-Forwarded-For"] = reader_address(),
      ["HX-Request"] = "true",
      ["Accept-Encoding"] = wrk.headers["Accept-Encoding"],
    })
  end
end

local from_cache = {HIT = true, STALE = true, UPDATING = true}

function response(status, headers, body)
  if from_cache[headers["X-Cache"]] then cached = cached + 1 end
  if status == 200 then ok = ok + 1
  elseif status >= 500 then status5xx = status5xx + 1
  elseif status == 429 then status429 = status429 + 1
  elseif status >= 400 then other4xx = other4xx + 1 end
end

function done(summary, latency, requests)
  local s200, s5, s429, s4, c = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    s200 = s200 + thread:get("ok")
    s5 = s5 + thread:get("status5xx")
    s429 = s429 + thread:get("status429")
    s4 = s4 + thread:get("other4xx")
    c = c + thread:get("cached")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("LOAD requests=%d seconds=%.2f p50=%.2f p99=%.2f socket_errors=%d ok=%d status5xx=%d status429=%d other4xx=%d cached=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, s200, s5, s429, s4, c))
end
