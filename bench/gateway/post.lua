-- wrk script: POST a ~1 KB chat prompt with the key in PARAPET_KEY (empty for the direct run).
local key = os.getenv("PARAPET_KEY") or ""
local prompt = string.rep("Summarise the quarterly report for the board in plain words. ", 16)
wrk.method = "POST"
wrk.body = '{"model":"demo-chat","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"' .. prompt .. '"}]}'
wrk.headers["Content-Type"] = "application/json"
if key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end
