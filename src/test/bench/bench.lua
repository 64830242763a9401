-- wrk script for the write cases of run-bench.sh, driven by environment variables:
--   BENCH_METHOD   HTTP method (default GET)
--   BENCH_BODY     request body (sent with Content-Type: application/json when set)
--   BENCH_IDS      file with one snapshot id per line; requests go to BENCH_PREFIX .. id
--   BENCH_PREFIX   path before the id (default /v2/snapshots/)
--   BENCH_ID_MODE  "cycle": thread k walks the list from its own offset, round and round (PUT);
--                  "once": every id is used once across all threads (DELETE); when they run out,
--                  requests go to an all-zero id (404, counted as non-2xx by wrk)
--   BENCH_ID_IN_BODY=1  the id replaces "{id}" in the body instead, and requests go to the URL given to wrk
-- Without BENCH_IDS every request goes to the URL given to wrk (POST).
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

function init(args)
  method = os.getenv("BENCH_METHOD") or "GET"
  body = os.getenv("BENCH_BODY")
  prefix = os.getenv("BENCH_PREFIX") or "/v2/snapshots/"
  mode = os.getenv("BENCH_ID_MODE") or "cycle"
  in_body = os.getenv("BENCH_ID_IN_BODY") == "1"
  nthreads = tonumber(os.getenv("BENCH_WRK_THREADS") or "1")
  if body then
    wrk.headers["Content-Type"] = "application/json"
  end
  ids = {}
  local file = os.getenv("BENCH_IDS")
  if file then
    for line in io.lines(file) do
      if #line > 0 then ids[#ids + 1] = line end
    end
  end
  if #ids > 0 then
    -- thread k starts at its own slice so that cycling threads do not hit the same rows together
    pos = (mode == "once") and (tid + 1) or (1 + math.floor(tid * #ids / nthreads))
  end
end

function request()
  if #ids == 0 then
    return wrk.format(method, nil, nil, body)
  end
  local id
  if mode == "once" then
    id = ids[pos] or "00000000-0000-0000-0000-000000000000"
    pos = pos + nthreads
  else
    id = ids[pos]
    pos = pos % #ids + 1
  end
  if in_body then
    return wrk.format(method, nil, nil, (body:gsub("{id}", id)))
  end
  return wrk.format(method, prefix .. id, nil, body)
end
