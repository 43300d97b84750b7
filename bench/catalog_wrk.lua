-- wrk script for bench/catalog_bench.py: rotate through the paths in the file named by the
-- first script argument, ask for gzip like a browser, and print one RESULT line.
local paths = {}
local counter = 0

init = function(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  counter = math.random(#paths)
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], { ["Accept-Encoding"] = "gzip" })
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect + e.read + e.write + e.timeout, e.status))
end
