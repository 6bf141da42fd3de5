-- One IStorage write batch whose keys share a hash tag. Every compare-and-set is checked before
-- anything is written, so a conflict leaves the whole batch unwritten.
--
-- KEYS[i]  item keys; a stored item is its eTag (16 characters) followed by its JSON
-- ARGV[1]  expiry in seconds
-- then three arguments per key: mode ('s' set, 'c' compare-and-set, 'd' delete), expected eTag,
-- new value (eTag + JSON)
-- Returns 0 written, or the 1-based index of the first key whose eTag did not match.
for k = 1, #KEYS do
  local a = 2 + (k - 1) * 3
  if ARGV[a] == 'c' and redis.call('GETRANGE', KEYS[k], 0, 15) ~= ARGV[a + 1] then
    return k
  end
end

for k = 1, #KEYS do
  local a = 2 + (k - 1) * 3
  if ARGV[a] == 'd' then
    redis.call('DEL', KEYS[k])
  else
    redis.call('SET', KEYS[k], ARGV[a + 2], 'EX', ARGV[1])
  end
end
return 0
