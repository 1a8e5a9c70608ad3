// The one Lua script that commits a Redis transaction atomically. It checks, in order:
// (1) every version the transaction read is unchanged, (2) unique values are free or freed by
// this same transaction, (3) counter limits hold; only then it applies all writes and index
// updates under a fresh clock value. Any failed check returns before the first write.
//
// KEYS[1] = the clock key (routes the script to the data set's slot; every other key shares
// its hash tag). ARGV[1] = JSON payload built by commit-payload.ts, ARGV[2..] = the JSON it stores:
//   reads: [[hashKey, field, expectedVersion]]    versions are strings, "0" = absent; a read of the ixv
//                                                  hash is an index set's version (setVersion below)
//   recs:  [{k, z, id, j?, x?, u?, o?, xj?, uj?, oj?}] j = ARGV index of the record JSON, absent = delete; x = index set keys; u = [[uqHash, key]];
//                                                  o = [[orderedZset, member]]; each absent when empty;
//                                                  xj/uj/oj = ARGV index of x/u/o as JSON (stored on
//                                                  the record as it is; no field stored for an empty
//                                                  list: an absent field reads as [])
//   bumps: [{k, d, l?}]                            counter key, delta, optional limit
//   kv:    [{k, j?, t?}]                           j = ARGV index of the value JSON, absent = delete; t = ttl ms
//   ixv:   index-version hash key
//   t:     1 on a Redis Cluster: touch every key before the first write (below)
// Returns {"ok", clock} | {"conflict", key} | {"unique", uqHash, key} | {"limit", counterKey}.
//
// Redis Cluster: while the data set's slot is being migrated, Redis aborts a script at the first
// command that touches a key not present on this node (ASK/TRYAGAIN territory), and writes made
// before that point stay. So the script touches every key it will use with multi-key EXISTS
// (always together with KEYS[1], so a node importing the slot answers TRYAGAIN for any key not
// moved yet) BEFORE its first write, and the apply phase never touches a key again once it may
// have been emptied (deleted): additions first, then each removal as one command per key after
// reading the key's size. Any abort therefore happens before the first write. (A single node has
// no migrations and skips the touches.) The ixv hash is touched only if the commit changes it.
//
// Cost (placeOrder, 7 records): Redis' own work per command dominates, so the script issues as few
// as it can: one EXISTS for all record keys instead of an HMGET each (records are mostly new), one
// SADD / ZADD per key, a GET only for a counter with a limit, no ixv entry for a new set.
export const COMMIT_LUA = `
local p = cjson.decode(ARGV[1])
-- The shared empty list (never written to): Lua's own work, mostly tables made and collected,
-- was about a third of the script's time, so the common case (new records) makes none.
local none = {}

-- Cluster only (p.t): EXISTS on every key, in batches that always include KEYS[1].
local function touch(keys)
  if not p.t then return end
  local batch = {KEYS[1]}
  for _, k in ipairs(keys) do
    batch[#batch + 1] = k
    if #batch == 500 then redis.call('EXISTS', unpack(batch)); batch = {KEYS[1]} end
  end
  if #batch > 1 then redis.call('EXISTS', unpack(batch)) end
end

-- Removes items from one key (sizeCmd tells how many it holds) in chunks, and stops once the key
-- is empty, i.e. gone: it is not touched again. Returns how many items are left.
local function removeFrom(cmd, sizeCmd, key, items)
  local left = redis.call(sizeCmd, key)
  local i = 1
  while i <= #items and left > 0 do
    left = left - redis.call(cmd, key, unpack(items, i, math.min(i + 999, #items)))
    i = i + 1000
  end
  return left
end

if p.t then
  local keys = {}
  for _, r in ipairs(p.reads) do
    keys[#keys + 1] = r[1]
    if r[1] == p.ixv then keys[#keys + 1] = r[2] end
  end
  for _, op in ipairs(p.recs) do
    keys[#keys + 1] = op.k
    keys[#keys + 1] = op.z
    for _, s in ipairs(op.x or none) do keys[#keys + 1] = s end
    for _, e in ipairs(op.u or none) do keys[#keys + 1] = e[1] end
    for _, e in ipairs(op.o or none) do keys[#keys + 1] = e[1] end
  end
  for _, b in ipairs(p.bumps) do keys[#keys + 1] = b.k end
  for _, w in ipairs(p.kv) do keys[#keys + 1] = w.k end
  touch(keys)
end

-- An index set's version as find-script.ts computes it: "0" when empty, else its entry in the ixv
-- hash, else (a set that has not changed since the commit that created it) "n" and its size.
local function setVersion(s)
  local size = redis.call('SCARD', s)
  if size == 0 then return '0' end
  return redis.call('HGET', p.ixv, s) or ('n' .. size)
end

for _, r in ipairs(p.reads) do
  local cur
  if r[1] == p.ixv then cur = setVersion(r[2]) else cur = redis.call('HGET', r[1], r[2]) or '0' end
  if cur ~= r[3] then return {'conflict', r[1]} end
end

-- Old entries: one multi-key EXISTS first, since most records a transaction writes are new (ids
-- fresh from a sequence); only if any exists is each record's HMGET needed.
local anyOld = false
local recKeys = {}
for _, op in ipairs(p.recs) do
  recKeys[#recKeys + 1] = op.k
  if #recKeys == 500 then anyOld = anyOld or redis.call('EXISTS', unpack(recKeys)) > 0; recKeys = {} end
end
if #recKeys > 0 then anyOld = anyOld or redis.call('EXISTS', unpack(recKeys)) > 0 end
local olds = {}
local rewritten = {}
local oldKeys = {}
for i, op in ipairs(p.recs) do
  local old = anyOld and redis.call('HMGET', op.k, 'x', 'u', 'o') or none
  local oldX = old[1] and cjson.decode(old[1]) or none
  local oldU = old[2] and cjson.decode(old[2]) or none
  local oldO = old[3] and cjson.decode(old[3]) or none
  -- (4..6: whether the record stores x, u, o at all)
  olds[i] = {oldX, oldU, oldO, old[1] ~= nil, old[2] ~= nil, old[3] ~= nil}
  if p.t then
    for _, s in ipairs(oldX) do oldKeys[#oldKeys + 1] = s end
    for _, e in ipairs(oldO) do oldKeys[#oldKeys + 1] = e[1] end
  end
  for _, e in ipairs(oldU) do
    if p.t then oldKeys[#oldKeys + 1] = e[1] end
    rewritten[e[1] .. '\\0' .. e[2]] = true
  end
end
touch(oldKeys)

local list = function() return {order = {}, items = {}} end
local function add(l, key, item)
  if not l.items[key] then l.items[key] = {}; l.order[#l.order + 1] = key end
  if item then table.insert(l.items[key], item) end
end

-- Index set changes, per set (one SADD per set: the OrderItems of an order share theirs).
local setAdds, setRemovals = list(), list()
for i, op in ipairs(p.recs) do
  local newX = op.j and op.x or none
  if #olds[i][1] == 0 then
    for _, s in ipairs(newX) do add(setAdds, s, op.id) end
  else
    local keep, had = {}, {}
    for _, s in ipairs(newX) do keep[s] = true end
    for _, s in ipairs(olds[i][1]) do
      had[s] = true
      if not keep[s] then add(setRemovals, s, op.id) end
    end
    for _, s in ipairs(newX) do
      if not had[s] then add(setAdds, s, op.id) end
    end
  end
end
-- A set this commit creates gets no version entry (see setVersion): most index sets of an order
-- are its own (new ids), and the ixv hash would otherwise keep one entry per set forever. Any
-- other change writes or deletes an entry, so the ixv hash is touched only then.
local fresh = {}
local ixvChanged = #setRemovals.order > 0
for _, s in ipairs(setAdds.order) do
  fresh[s] = redis.call('SCARD', s) == 0
  if not fresh[s] then ixvChanged = true end
end
if ixvChanged then touch({p.ixv}) end

for _, op in ipairs(p.recs) do
  if op.j then
    for _, e in ipairs(op.u or none) do
      local owner = redis.call('HGET', e[1], e[2])
      if owner and owner ~= op.id and not rewritten[e[1] .. '\\0' .. e[2]] then return {'unique', e[1], e[2]} end
    end
  end
end

-- Only counters with a limit need their value.
local limited = {}
for _, b in ipairs(p.bumps) do if b.l then limited[b.k] = true end end
local totals = {}
for _, b in ipairs(p.bumps) do
  if limited[b.k] then
    local cur = totals[b.k] or tonumber(redis.call('GET', b.k) or '0')
    local nxt = cur + b.d
    if b.l and nxt > b.l then return {'limit', b.k} end
    totals[b.k] = nxt
  end
end

-- Writes. Additions first: nothing is emptied yet.
local clock = redis.call('INCR', KEYS[1])
-- The version as a string once: Lua turns a number argument into a string (printf) per use.
local version = tostring(clock)

local releases, zRemovals, oRemovals = list(), list(), list()
-- Sorted set additions per key, as score/member pairs.
local zAdds = list()
local versioned = list()
for i, op in ipairs(p.recs) do
  local oldU = olds[i][2]
  local newO = op.j and op.o or none
  if #newO > 0 or #olds[i][3] > 0 then
    local keepO, hadO = {}, {}
    for _, e in ipairs(newO) do keepO[e[1] .. '\\0' .. e[2]] = true end
    for _, e in ipairs(olds[i][3]) do
      hadO[e[1] .. '\\0' .. e[2]] = true
      if not keepO[e[1] .. '\\0' .. e[2]] then add(oRemovals, e[1], e[2]) end
    end
    for _, e in ipairs(newO) do
      if not hadO[e[1] .. '\\0' .. e[2]] then add(zAdds, e[1], '0'); table.insert(zAdds.items[e[1]], e[2]) end
    end
  end
  local claims = {}
  if op.j then
    -- An empty entry list is stored only to replace a non-empty one (absent reads as empty).
    local fields = {'j', ARGV[op.j], 'v', version}
    local old = olds[i]
    if op.xj or old[4] then fields[#fields + 1] = 'x'; fields[#fields + 1] = op.xj and ARGV[op.xj] or '[]' end
    if op.uj or old[5] then fields[#fields + 1] = 'u'; fields[#fields + 1] = op.uj and ARGV[op.uj] or '[]' end
    if op.oj or old[6] then fields[#fields + 1] = 'o'; fields[#fields + 1] = op.oj and ARGV[op.oj] or '[]' end
    redis.call('HSET', op.k, unpack(fields))
    for _, e in ipairs(op.u or none) do
      redis.call('HSET', e[1], e[2], op.id)
      claims[e[1] .. '\\0' .. e[2]] = true
    end
    add(zAdds, op.z, op.id)
    table.insert(zAdds.items[op.z], op.id)
  end
  for _, e in ipairs(oldU) do
    if not claims[e[1] .. '\\0' .. e[2]] then add(releases, e[1], {e[2], op.id}) end
  end
end
-- In chunks of 1000 items (ZADD: 500 score/member pairs).
for _, s in ipairs(setAdds.order) do
  local items = setAdds.items[s]
  for i = 1, #items, 1000 do redis.call('SADD', s, unpack(items, i, math.min(i + 999, #items))) end
  if not fresh[s] then add(versioned, s) end
end
for _, z in ipairs(zAdds.order) do
  local items = zAdds.items[z]
  for i = 1, #items, 1000 do redis.call('ZADD', z, unpack(items, i, math.min(i + 999, #items))) end
end
for _, b in ipairs(p.bumps) do redis.call('INCRBY', b.k, b.d) end
for _, w in ipairs(p.kv) do
  if w.j then
    redis.call('HSET', w.k, 'j', ARGV[w.j], 'v', version)
    if w.t then redis.call('PEXPIRE', w.k, w.t) else redis.call('PERSIST', w.k) end
  end
end

-- Removals: one command per key, each key's last touch.
local emptied = {}
for _, s in ipairs(setRemovals.order) do
  -- An emptied set reads as absent ("0"), like one never created: drop its version too, so
  -- versions of deleted values do not pile up.
  if removeFrom('SREM', 'SCARD', s, setRemovals.items[s]) > 0 then add(versioned, s) else emptied[#emptied + 1] = s end
end
if #versioned.order > 0 then
  local args = {}
  for _, s in ipairs(versioned.order) do
    args[#args + 1] = s
    args[#args + 1] = version
    if #args == 1000 then redis.call('HSET', p.ixv, unpack(args)); args = {} end
  end
  if #args > 0 then redis.call('HSET', p.ixv, unpack(args)) end
end
if #emptied > 0 then removeFrom('HDEL', 'HLEN', p.ixv, emptied) end
for _, h in ipairs(releases.order) do
  -- A unique value is released only if this record still owns it (another one may have claimed it above).
  local fields = {}
  for _, f in ipairs(releases.items[h]) do
    if redis.call('HGET', h, f[1]) == f[2] then fields[#fields + 1] = f[1] end
  end
  if #fields > 0 then removeFrom('HDEL', 'HLEN', h, fields) end
end
for _, op in ipairs(p.recs) do
  if not op.j then
    redis.call('DEL', op.k)
    add(zRemovals, op.z, op.id)
  end
end
for _, z in ipairs(zRemovals.order) do removeFrom('ZREM', 'ZCARD', z, zRemovals.items[z]) end
for _, z in ipairs(oRemovals.order) do removeFrom('ZREM', 'ZCARD', z, oRemovals.items[z]) end
for _, w in ipairs(p.kv) do
  if not w.j then redis.call('DEL', w.k) end
end

return {'ok', clock}
`;
