// The one Lua script that commits a Redis transaction atomically. It checks, in order:
// (1) every version the transaction read is unchanged, (2) unique values are free or freed by
// this same transaction, (3) counter limits hold; only then it applies all writes and index
// updates under a fresh clock value. Any failed check returns before the first write.
//
// KEYS[1] = the clock key (routes the script to the data set's slot; every other key shares
// its hash tag). ARGV[1] = JSON payload built by commit-payload.ts:
//   reads: [[hashKey, field, expectedVersion]]    versions are strings, "0" = absent
//   recs:  [{k, z, id, j?, x, u, xs, us}]          j absent = delete; x = index set keys; u = [[uqHash, key]];
//                                                  xs/us = x/u already JSON-encoded (stored on the record)
//   bumps: [{k, d, l?}]                            counter key, delta, optional limit
//   kv:    [{k, j?, t?}]                           j absent = delete; t = ttl ms
//   ixv:   index-version hash key
// Returns {"ok", clock} | {"conflict", key} | {"unique", uqHash, key} | {"limit", counterKey}.
export const COMMIT_LUA = `
local p = cjson.decode(ARGV[1])

for _, r in ipairs(p.reads) do
  local cur = redis.call('HGET', r[1], r[2]) or '0'
  if cur ~= r[3] then return {'conflict', r[1]} end
end

local olds = {}
local rewritten = {}
for i, op in ipairs(p.recs) do
  local old = redis.call('HMGET', op.k, 'x', 'u')
  olds[i] = old
  if old[2] then
    for _, e in ipairs(cjson.decode(old[2])) do rewritten[e[1] .. '\\0' .. e[2]] = true end
  end
end
for _, op in ipairs(p.recs) do
  if op.j then
    for _, e in ipairs(op.u) do
      local owner = redis.call('HGET', e[1], e[2])
      if owner and owner ~= op.id and not rewritten[e[1] .. '\\0' .. e[2]] then return {'unique', e[1], e[2]} end
    end
  end
end

local totals = {}
for _, b in ipairs(p.bumps) do
  local cur = totals[b.k] or tonumber(redis.call('GET', b.k) or '0')
  local nxt = cur + b.d
  if b.l and nxt > b.l then return {'limit', b.k} end
  totals[b.k] = nxt
end

local clock = redis.call('INCR', KEYS[1])

for i, op in ipairs(p.recs) do
  local old = olds[i]
  local oldX = old[1] and cjson.decode(old[1]) or {}
  local oldU = old[2] and cjson.decode(old[2]) or {}
  for _, e in ipairs(oldU) do
    if redis.call('HGET', e[1], e[2]) == op.id then redis.call('HDEL', e[1], e[2]) end
  end
  local newX = {}
  if op.j then newX = op.x end
  local keep, had = {}, {}
  for _, s in ipairs(newX) do keep[s] = true end
  for _, s in ipairs(oldX) do
    had[s] = true
    if not keep[s] then
      redis.call('SREM', s, op.id)
      -- An emptied set reads as absent ("0"), like one never created: drop its version too,
      -- so versions of deleted values do not pile up.
      if redis.call('EXISTS', s) == 0 then redis.call('HDEL', p.ixv, s) else redis.call('HSET', p.ixv, s, clock) end
    end
  end
  for _, s in ipairs(newX) do
    if not had[s] then
      redis.call('SADD', s, op.id)
      redis.call('HSET', p.ixv, s, clock)
    end
  end
  if op.j then
    redis.call('HSET', op.k, 'j', op.j, 'v', clock, 'x', op.xs, 'u', op.us)
    for _, e in ipairs(op.u) do redis.call('HSET', e[1], e[2], op.id) end
    redis.call('ZADD', op.z, op.id, op.id)
  else
    redis.call('DEL', op.k)
    redis.call('ZREM', op.z, op.id)
  end
end

for _, b in ipairs(p.bumps) do redis.call('INCRBY', b.k, b.d) end

for _, w in ipairs(p.kv) do
  if w.j then
    redis.call('HSET', w.k, 'j', w.j, 'v', clock)
    if w.t then redis.call('PEXPIRE', w.k, w.t) else redis.call('PERSIST', w.k) end
  else
    redis.call('DEL', w.k)
  end
end

return {'ok', clock}
`;
