-- wrk script for bench/serve_bench.py: asks for every card in the file named by its argument
-- in turn, none twice, so each request is a card the site has never drawn.
local paths = {}
local next_path = 0

function init(args)
  for path in io.lines(args[1]) do table.insert(paths, path) end
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
