"""The store for several hosts: one Redis hash per account, changed only by a
Lua script, so each exchange is atomic on the server whatever the number of
hosts and workers.

The hash holds ``u<bucket>`` (µs) and ``e<bucket>`` (executions) for the live
buckets; the script drops stale ones and the key expires with the window, so
idle accounts leave nothing behind.  Bucket numbers come from the workers'
clocks: hosts need synchronised clocks (NTP), a skew of s seconds shifts an
account's window by s.
"""

from __future__ import annotations

import redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from .store import BackendUnavailable, BudgetError
from .window import BUCKET_S, BUCKETS, EXECUTIONS, TIME, Ask, Grant

# The steps and their order are window.decide's; keep the two in step.
EXCHANGE = """
local key = KEYS[1]
local bucket = tonumber(ARGV[1])
local limit_us, limit_ex = tonumber(ARGV[2]), tonumber(ARGV[3])
local want_us, want_ex = tonumber(ARGV[4]), tonumber(ARGV[5])
local back_bucket, back_us, back_ex = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local debt_us = tonumber(ARGV[9])
local first = bucket - tonumber(ARGV[10]) + 1
local ttl_ms = tonumber(ARGV[11])

local us, ex, stale = {}, {}, {}
local flat = redis.call('HGETALL', key)
for i = 1, #flat, 2 do
  local field = flat[i]
  local b = tonumber(string.sub(field, 2))
  if b < first then
    stale[#stale + 1] = field
  elseif string.sub(field, 1, 1) == 'u' then
    us[b] = tonumber(flat[i + 1])
  else
    ex[b] = tonumber(flat[i + 1])
  end
end
if #stale > 0 then redis.call('HDEL', key, unpack(stale)) end

if back_bucket >= first then
  if back_us > 0 and us[back_bucket] then
    us[back_bucket] = math.max(0, us[back_bucket] - back_us)
    redis.call('HSET', key, 'u' .. back_bucket, us[back_bucket])
  end
  if back_ex > 0 and ex[back_bucket] then
    ex[back_bucket] = math.max(0, ex[back_bucket] - back_ex)
    redis.call('HSET', key, 'e' .. back_bucket, ex[back_bucket])
  end
end
us[bucket] = (us[bucket] or 0) + debt_us
ex[bucket] = ex[bucket] or 0

local spent_us, spent_ex = 0, 0
for _, v in pairs(us) do spent_us = spent_us + v end
for _, v in pairs(ex) do spent_ex = spent_ex + v end
local left_us, left_ex = limit_us - spent_us, limit_ex - spent_ex

local function free_bucket(t, spent, limit)
  local buckets = {}
  for b in pairs(t) do buckets[#buckets + 1] = b end
  table.sort(buckets)
  local freed = 0
  for _, b in ipairs(buckets) do
    freed = freed + t[b]
    if spent - freed < limit then return b end
  end
  return bucket
end

local grant_us, grant_ex, blocked, free = 0, 0, '', 0
if left_us > 0 and left_ex > 0 then
  grant_us, grant_ex = math.min(want_us, left_us), math.min(want_ex, left_ex)
  left_us, left_ex = left_us - grant_us, left_ex - grant_ex
  us[bucket], ex[bucket] = us[bucket] + grant_us, ex[bucket] + grant_ex
else
  local free_us, free_ex = nil, nil
  if left_us <= 0 then free_us = free_bucket(us, spent_us, limit_us) end
  if left_ex <= 0 then free_ex = free_bucket(ex, spent_ex, limit_ex) end
  if free_ex == nil or (free_us ~= nil and free_us >= free_ex) then
    blocked, free = 't', free_us
  else
    blocked, free = 'e', free_ex
  end
end
redis.call('HSET', key, 'u' .. bucket, us[bucket], 'e' .. bucket, ex[bucket])
redis.call('PEXPIRE', key, ttl_ms)
return {grant_us, grant_ex, left_us, left_ex, blocked, free}
"""

_BLOCKED = {"t": TIME, "e": EXECUTIONS}

#: the hash outlives the last bucket written by one bucket
_TTL_MS = int((BUCKETS + 1) * BUCKET_S * 1000)


class RedisStore:
    def __init__(self, url: str, *, timeout: float = 0.5, prefix: str = "fnbox:budget:"):
        try:
            # One immediate retry rides over a connection that went stale when
            # the server restarted; a server that is down fails at once.
            self._client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout,
                                                retry=Retry(NoBackoff(), 1))
        except ValueError as exc:
            raise BudgetError(f"bad Redis URL: {exc}") from None
        self._script = self._client.register_script(EXCHANGE)
        self._prefix = prefix
        kwargs = self._client.connection_pool.connection_kwargs
        # Named without the URL, which may carry a password.
        self.where = kwargs.get("path") or f"{kwargs.get('host')}:{kwargs.get('port')}"

    def exchange(self, account_id: int, ask: Ask) -> Grant:
        try:
            answer = self._script(keys=[f"{self._prefix}{account_id}"], args=[
                ask.bucket, ask.limit_us, ask.limit_executions, ask.want_us, ask.want_executions,
                ask.back_bucket, ask.back_us, ask.back_executions, ask.debt_us, BUCKETS, _TTL_MS])
        except RedisError as exc:
            raise BackendUnavailable(f"Redis at {self.where} did not answer: {exc}") from exc
        us, executions, left_us, left_executions, blocked, free = answer
        return Grant(us, executions, left_us, left_executions, _BLOCKED.get(blocked.decode()), free)

    def close(self) -> None:
        self._client.close()
