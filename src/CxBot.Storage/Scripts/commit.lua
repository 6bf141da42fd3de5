-- One survey turn, all or nothing: de-duplicate the activity, check the version, append the answers,
-- save the state. KEYS[1] and KEYS[2] share a hash tag, so this also runs on Redis Cluster.
--
-- KEYS[1]  the conversation record: version (8 bytes) | id count (1 byte) | activity id hashes
--          (8 bytes each, oldest first) | state
-- KEYS[2]  the conversation's answer stream shard
-- ARGV[1]  expected version, '' when the conversation must not exist yet
-- ARGV[2]  new version (8 bytes)
-- ARGV[3]  activity id hash (8 bytes), '' when the turn has no activity id
-- ARGV[4]  expiry in seconds
-- ARGV[5]  how many activity id hashes to remember
-- ARGV[6]  state
-- ARGV[7..] answers: a field count n, then n field/value pairs, repeated
-- Returns 0 saved, 1 conflict, 2 duplicate.
local record = redis.call('GET', KEYS[1])
local ids = ''
if record then
  ids = string.sub(record, 10, 9 + string.byte(record, 9) * 8)
  if ARGV[3] ~= '' then
    for i = 1, #ids, 8 do
      if string.sub(ids, i, i + 7) == ARGV[3] then
        return 2
      end
    end
  end
  if string.sub(record, 1, 8) ~= ARGV[1] then
    return 1
  end
elseif ARGV[1] ~= '' then
  return 1
end

local i = 7
while i <= #ARGV do
  local n = tonumber(ARGV[i])
  redis.call('XADD', KEYS[2], '*', unpack(ARGV, i + 1, i + 2 * n))
  i = i + 1 + 2 * n
end

ids = ids .. ARGV[3]
local keep = tonumber(ARGV[5]) * 8
if #ids > keep then
  ids = string.sub(ids, #ids - keep + 1)
end
redis.call('SET', KEYS[1], ARGV[2] .. string.char(#ids / 8) .. ids .. ARGV[6], 'EX', ARGV[4])
return 0
