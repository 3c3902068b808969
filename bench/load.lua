-- wrk script for bench/load.py: a mix of listing pages, post pages, searches and share
-- presses. Counts 5xx and 429 answers per thread; load.py reads the summary line.
local slugs, pages, words = {}, 1, {}
local networks = {"email", "copy", "bluesky", "facebook", "x", "linkedin", "reddit", "whatsapp", "telegram"}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for slug in io.lines(args[1]) do table.insert(slugs, slug) end
  pages = tonumber(args[2])
  words = {"peer", "support", "enterovirus", "fair", "community", "health", "group", "recovery", "zzznothing"}
  status5xx, status429, other4xx = 0, 0, 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  local r = math.random(100)
  if r <= 35 then
    return wrk.format("GET", "/?page=" .. math.random(pages))
  elseif r <= 75 then
    return wrk.format("GET", "/posts/" .. slugs[math.random(#slugs)])
  elseif r <= 90 then
    return wrk.format("GET", "/search?q=" .. words[math.random(#words)] .. "&page=1")
  else
    local path = "/posts/" .. slugs[math.random(#slugs)] .. "/share/" .. networks[math.random(#networks)]
    return wrk.format("POST", path, {["User-Agent"] = "reader " .. math.random(1000000000), ["HX-Request"] = "true"})
  end
end

function response(status, headers, body)
  if status >= 500 then status5xx = status5xx + 1
  elseif status == 429 then status429 = status429 + 1
  elseif status >= 400 then other4xx = other4xx + 1 end
end

function done(summary, latency, requests)
  local s5, s429, s4 = 0, 0, 0
  for _, thread in ipairs(threads) do
    s5 = s5 + thread:get("status5xx")
    s429 = s429 + thread:get("status429")
    s4 = s4 + thread:get("other4xx")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("ERRORS connect=%d read=%d write=%d timeout=%d status=%d\n", summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
  io.write(string.format("LOAD requests=%d seconds=%.2f p50=%.2f p99=%.2f socket_errors=%d status5xx=%d status429=%d other4xx=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, s5, s429, s4))
end
