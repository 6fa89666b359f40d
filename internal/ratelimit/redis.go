package ratelimit

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis keeps the counters in Redis so that every node enforces one limit
// together. Each check is one Lua script, which Redis runs atomically: two
// nodes can never both take the last points. When Redis cannot be reached
// the check is decided by local counters (per-node limits) and the outage
// is logged, at most once a minute; the request is never failed for it,
// unless the limiter is strict.
type Redis struct {
	client   redis.UniversalClient
	prefix   string
	fallback *Memory
	logger   *slog.Logger
	// strict refuses a check that Redis cannot decide (Unreachable)
	// instead of deciding it locally.
	strict bool

	mu       sync.Mutex
	loggedAt time.Time
	// outages counts the checks decided locally, for tests to see that
	// Redis itself answered.
	outages atomic.Int64
}

// NewRedis returns a limiter on client; prefix starts every key (tests use
// it to keep runs apart).
func NewRedis(client redis.UniversalClient, prefix string, logger *slog.Logger) *Redis {
	return &Redis{client: client, prefix: prefix, fallback: NewMemory(), logger: logger}
}

// Strict makes r refuse the checks it cannot decide in Redis (Unreachable,
// which the API answers with 502) instead of counting them on this node.
// Set it once, before use.
func (r *Redis) Strict(on bool) *Redis {
	r.strict = on
	return r
}

// takeScript checks the quotas (KEYS[2..]) and then the bucket (KEYS[1])
// and, only when all pass, takes the cost from every one of them.
// ARGV: now (ms), cost, bucket per minute (0: no bucket), then per quota
// its limit and its reset (unix ms). It returns the outcome (0 allowed, 1
// quota, 2 rate), the index of the refusing quota, the bucket's tokens in
// thousandths, then each quota's used points.
var takeScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local perMin = tonumber(ARGV[3])
local nq = #KEYS - 1
local used = {}
local outcome, refused = 0, 0
for i = 1, nq do
  local u = tonumber(redis.call('GET', KEYS[i+1]) or '0')
  used[i] = u
  if outcome == 0 and u + cost > tonumber(ARGV[3 + 2*i - 1]) then
    outcome, refused = 1, i
  end
end
local tokens = 0
if perMin > 0 then
  local b = redis.call('HMGET', KEYS[1], 't', 'at')
  tokens = tonumber(b[1])
  local at = tonumber(b[2])
  if tokens == nil or at == nil then
    tokens = perMin
  elseif now > at then
    tokens = math.min(perMin, tokens + (now - at) * perMin / 60000)
  end
  if outcome == 0 and tokens < cost then
    outcome = 2
  end
end
if outcome == 0 then
  if perMin > 0 then
    tokens = tokens - cost
    redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', tostring(now))
    redis.call('PEXPIRE', KEYS[1], 120000)
  end
  for i = 1, nq do
    used[i] = redis.call('INCRBY', KEYS[i+1], cost)
    redis.call('PEXPIREAT', KEYS[i+1], tonumber(ARGV[3 + 2*i]))
  end
end
local out = {outcome, refused, math.floor(tokens * 1000)}
for i = 1, nq do out[#out+1] = used[i] end
return out
`)

// refundScript gives amount (ARGV[1]) back to the bucket (KEYS[1], capped
// at ARGV[2] points) and to each quota (KEYS[2..], never below 0).
var refundScript = redis.NewScript(`
local amount = tonumber(ARGV[1])
local perMin = tonumber(ARGV[2])
if perMin > 0 and redis.call('EXISTS', KEYS[1]) == 1 then
  local t = tonumber(redis.call('HGET', KEYS[1], 't') or perMin)
  redis.call('HSET', KEYS[1], 't', tostring(math.min(perMin, t + amount)))
end
for i = 2, #KEYS do
  local u = tonumber(redis.call('GET', KEYS[i]) or '0')
  if u > 0 then
    redis.call('DECRBY', KEYS[i], math.min(u, amount))
  end
end
return 0
`)

func (r *Redis) keys(c Check) []string {
	keys := make([]string, 0, 1+len(c.Quotas))
	keys = append(keys, r.prefix+"b:"+c.Bucket.Key)
	for _, q := range c.Quotas {
		keys = append(keys, r.prefix+"q:"+q.Key)
	}
	return keys
}

// Take implements Limiter.
func (r *Redis) Take(ctx context.Context, c Check) Decision {
	now := c.now()
	args := make([]any, 0, 3+2*len(c.Quotas))
	args = append(args, now.UnixMilli(), c.Cost, c.Bucket.PerMinute)
	for _, q := range c.Quotas {
		args = append(args, q.Limit, q.Reset.UnixMilli())
	}
	res, err := takeScript.Run(ctx, r.client, r.keys(c), args...).Int64Slice()
	if err != nil || len(res) != 3+len(c.Quotas) {
		r.outage(ctx, err)
		if r.strict {
			return Decision{Reason: Unreachable}
		}
		return r.fallback.Take(ctx, c)
	}
	d := Decision{Quotas: make([]State, len(c.Quotas))}
	for i, q := range c.Quotas {
		d.Quotas[i] = State{Name: q.Name, Limit: q.Limit, Remaining: max(0, q.Limit-res[3+i]), Reset: q.Reset.Sub(now)}
	}
	tokens := float64(res[2]) / 1000
	if c.Bucket.PerMinute > 0 {
		d.Rate = State{Name: "minute", Limit: c.Bucket.PerMinute, Remaining: int64(tokens), Reset: refillTime(c.Bucket, tokens)}
	}
	switch res[0] {
	case 1:
		d.Reason, d.RetryAfter = QuotaExceeded, c.Quotas[res[1]-1].Reset.Sub(now)
	case 2:
		d.Reason, d.RetryAfter = RateExceeded, waitFor(c.Bucket, tokens, c.Cost)
	}
	return d
}

// Refund implements Limiter.
func (r *Redis) Refund(ctx context.Context, c Check, amount int64) {
	if amount <= 0 {
		return
	}
	if err := refundScript.Run(ctx, r.client, r.keys(c), amount, c.Bucket.PerMinute).Err(); err != nil {
		r.outage(ctx, err)
		if !r.strict {
			r.fallback.Refund(ctx, c, amount)
		}
	}
}

// outage logs that Redis could not be reached, at most once a minute.
func (r *Redis) outage(ctx context.Context, err error) {
	r.outages.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	if time.Since(r.loggedAt) < time.Minute {
		return
	}
	r.loggedAt = time.Now()
	r.logger.WarnContext(ctx, "rate limits: redis unreachable, counting on this node only", slog.Any("err", err))
}
