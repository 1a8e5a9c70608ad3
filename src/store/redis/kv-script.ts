// Several kv entries in ONE command: a transaction's first generation read fetches every
// cacheable collection's generation (reader.ts), and as six HMGETs that was six commands for
// the client to encode, track and parse; one read-only script reads them at the same instant.
//
// KEYS = kv hash keys (one hash tag). Returns {json1, version1, json2, version2, …} ("" = absent).
export const KV_LUA = `
local out = {}
for _, key in ipairs(KEYS) do
  local r = redis.call('HMGET', key, 'j', 'v')
  out[#out + 1] = r[1] or ''
  out[#out + 1] = r[2] or '0'
end
return out
`;
