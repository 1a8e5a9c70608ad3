// findBy in ONE round trip: the index set's version, its members and (for a small set) each
// member's record JSON and version, read atomically by one read-only script. placeOrder makes
// five look-ups by index; with MULTI + a pipeline each was two round trips and 4+n commands.
// A large set returns only its members (the caller fetches records in a pipeline), so one call
// never holds Redis for long.
//
// KEYS[1] = index set, KEYS[2] = index-version hash (same hash tag); ARGV[1] = record key prefix
// of the collection, ARGV[2] = most records returned inline.
// Returns {version, members, json1, version1, json2, version2, …} ("" = absent). The version is
// "0" for an empty set, else the set's entry in the version hash, else "n<size>": the commit script
// gives a set it creates no entry, and checks a read version the same way (commit-script.ts).
export const FIND_LUA = `
local ids = redis.call('SMEMBERS', KEYS[1])
local version = '0'
if #ids > 0 then version = redis.call('HGET', KEYS[2], KEYS[1]) or ('n' .. #ids) end
local out = {version, ids}
if #ids <= tonumber(ARGV[2]) then
  for _, id in ipairs(ids) do
    local r = redis.call('HMGET', ARGV[1] .. id, 'j', 'v')
    out[#out + 1] = r[1] or ''
    out[#out + 1] = r[2] or '0'
  end
end
return out
`;

/** Sets with more members than this come back without their records. */
export const FIND_INLINE_MAX = 64;

export type FindReply = [version: string, members: string[], ...records: string[]];
