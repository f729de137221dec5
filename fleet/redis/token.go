package redis

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/respondkit/respondkit/clients/falcon"
)

// TokenStore shares one Falcon token per client id (and member CID) across
// the fleet (see falcon.TokenStore): one process fetches it under a lock in
// Redis while the others wait, each within its own context; it is stored
// encrypted with AES-GCM under a key derived from the client secret, so that
// read access to Redis does not hand out a bearer token; every process uses
// it until its early-refresh point; the last process to close revokes it.
//
// Give each client its own TokenStore (FalconTokens is cheap). A process
// killed while holding the fetch lock delays the others by at most the lock
// timeout; a process killed while using the token leaves it unrevoked, to
// expire by itself.
type TokenStore struct {
	f                  *Fleet
	aead               cipher.AEAD
	base               string // the key prefix of this client id's entries
	tokenKey, lockKey  string
	mu                 sync.Mutex
	held, heldBlob     string // the token this client counts itself a holder of, and its stored form
	heldShared, heldOK bool   // held came from Redis (not fetched locally), and was counted
}

var _ falcon.TokenStore = (*TokenStore)(nil)

// FalconTokens returns a token store for the client credentials creds (a
// client id and secret; the member CID when set). The secret never leaves
// the process: it only derives the encryption key.
func (f *Fleet) FalconTokens(creds falcon.Credentials) (*TokenStore, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	if creds.ClientID == "" || creds.ClientSecret == "" {
		return nil, errors.New("fleet/redis: FalconTokens needs the client id and secret the tokens are fetched with")
	}
	if creds.AccessToken != "" {
		return nil, errors.New("fleet/redis: FalconTokens shares tokens fetched with client credentials; Credentials.AccessToken is set")
	}
	id := sha256.Sum256([]byte("respondkit falcon client\x00" + creds.ClientID + "\x00" + creds.MemberCID))
	base := f.prefix + "falcon:" + hex.EncodeToString(id[:16])
	key, err := hkdf.Key(sha256.New, []byte(creds.ClientSecret), []byte(creds.ClientID+"\x00"+creds.MemberCID), "respondkit fleet falcon token v1", 32)
	if err != nil {
		return nil, fmt.Errorf("fleet/redis: deriving the token key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("fleet/redis: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("fleet/redis: %w", err)
	}
	return &TokenStore{f: f, aead: aead, base: base, tokenKey: base + ":token", lockKey: base + ":lock"}, nil
}

// seal encrypts a token for the token key; the key's name is authenticated
// too, so a blob copied under another key does not open.
func (s *TokenStore) seal(tok string) (string, error) {
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(s.aead.Seal(nonce, nonce, []byte(tok), []byte(s.tokenKey))), nil
}

// open decrypts a stored token; ok is false for anything that is not a
// token sealed with this client's secret.
func (s *TokenStore) open(blob string) (string, bool) {
	raw, err := base64.StdEncoding.DecodeString(blob)
	if err != nil || len(raw) < s.aead.NonceSize() {
		return "", false
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(s.tokenKey))
	if err != nil || len(plain) == 0 {
		return "", false
	}
	return string(plain), true
}

func (s *TokenStore) holdersKey(blob string) string {
	h := sha256.Sum256([]byte(blob))
	return s.base + ":holders:" + hex.EncodeToString(h[:8])
}

// Token returns the fleet's token for this client id, with how long it may
// still be used; when Redis holds none usable (absent, expired, or not
// sealed with this client's secret) one process fetches it with fetch while
// the others wait within their context. When Redis fails, the token is
// fetched and kept locally.
func (s *TokenStore) Token(ctx context.Context, fetch func(context.Context) (string, time.Duration, error)) (string, time.Duration, error) {
	for {
		if err := ctx.Err(); err != nil {
			return "", 0, context.Cause(ctx)
		}
		if !s.f.usable() {
			return s.local(ctx, fetch)
		}
		tok, usable, blob, err := s.read(ctx)
		if redisFailure(ctx, err) {
			s.f.failed(err)
			return s.local(ctx, fetch)
		}
		if err != nil {
			return "", 0, context.Cause(ctx)
		}
		s.f.ok()
		if tok != "" {
			s.adopt(ctx, tok, blob, usable)
			return tok, usable, nil
		}
		tok, usable, fetched, err := s.fetchLocked(ctx, fetch)
		if fetched || err != nil {
			return tok, usable, err
		}
		// Another process holds the lock: wait for its token.
		if err := sleep(ctx, s.f.poll); err != nil {
			return "", 0, err
		}
	}
}

// read gets the stored token and its time left; an entry that does not open
// with this client's key, or has no time left, is no token.
func (s *TokenStore) read(ctx context.Context) (tok string, usable time.Duration, blob string, err error) {
	var get *goredis.StringCmd
	var ttl *goredis.DurationCmd
	err = s.f.run(ctx, func(octx context.Context) error {
		pipe := s.f.rdb.Pipeline()
		get = pipe.Get(octx, s.tokenKey)
		ttl = pipe.PTTL(octx, s.tokenKey)
		_, err := pipe.Exec(octx)
		return err
	})
	if err != nil && !errors.Is(err, goredis.Nil) {
		return "", 0, "", err
	}
	blob, err = get.Result()
	if errors.Is(err, goredis.Nil) {
		return "", 0, "", nil
	}
	if err != nil {
		return "", 0, "", err
	}
	left := ttl.Val()
	tok, ok := s.open(blob)
	if !ok || left <= 0 {
		return "", 0, "", nil
	}
	return tok, left, blob, nil
}

// delIfScript deletes a key only when it still holds the value given: the
// fetch lock when this process still holds it, the token when it is still
// the one refused.
var delIfScript = goredis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`)

// fetchLocked takes the fetch lock and, if it got it, fetches the token
// (within the lock timeout), stores it sealed until its early-refresh point
// and releases the lock. fetched is false when another process holds the
// lock.
func (s *TokenStore) fetchLocked(ctx context.Context, fetch func(context.Context) (string, time.Duration, error)) (tok string, usable time.Duration, fetched bool, err error) {
	var mark [16]byte
	_, _ = rand.Read(mark[:])
	owner := hex.EncodeToString(mark[:])
	var got bool
	err = s.f.run(ctx, func(octx context.Context) (err error) {
		got, err = s.f.rdb.SetNX(octx, s.lockKey, owner, s.f.lockTimeout).Result()
		return err
	})
	if redisFailure(ctx, err) {
		s.f.failed(err)
		tok, usable, err := s.local(ctx, fetch)
		return tok, usable, true, err
	}
	if err != nil {
		return "", 0, true, context.Cause(ctx)
	}
	if !got {
		return "", 0, false, nil
	}
	defer func() {
		_ = s.f.run(context.WithoutCancel(ctx), func(octx context.Context) error {
			return delIfScript.Run(octx, s.f.rdb, []string{s.lockKey}, owner).Err()
		})
	}()
	// Nobody else fetches meanwhile: a token stored between the read and
	// the lock is taken as is.
	if tok, usable, blob, err := s.read(ctx); err == nil && tok != "" {
		s.adopt(ctx, tok, blob, usable)
		return tok, usable, true, nil
	}
	fctx, fcancel := context.WithTimeout(ctx, s.f.lockTimeout)
	defer fcancel()
	tok, usable, err = fetch(fctx)
	if err != nil {
		return "", 0, true, err
	}
	blob, err := s.seal(tok)
	if err != nil {
		return tok, usable, true, nil // not shared, still usable here
	}
	ttl := usable
	if ttl <= 0 {
		ttl = 30 * time.Minute // no expiry given: Falcon's token lifetime
	}
	err = s.f.run(ctx, func(octx context.Context) error {
		return s.f.rdb.Set(octx, s.tokenKey, blob, ttl).Err()
	})
	if redisFailure(ctx, err) {
		s.f.failed(err)
		s.setHeld(tok, "", false)
		return tok, usable, true, nil
	}
	s.adopt(ctx, tok, blob, ttl)
	return tok, usable, true, nil
}

// local fetches a token for this process alone (Redis failed it).
func (s *TokenStore) local(ctx context.Context, fetch func(context.Context) (string, time.Duration, error)) (string, time.Duration, error) {
	tok, usable, err := fetch(ctx)
	if err == nil {
		s.setHeld(tok, "", false)
	}
	return tok, usable, err
}

func (s *TokenStore) setHeld(tok, blob string, shared bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.held, s.heldBlob, s.heldShared, s.heldOK = tok, blob, shared, false
}

// adopt counts this client as a holder of the shared token (once per
// token), and no longer of the one it held before.
func (s *TokenStore) adopt(ctx context.Context, tok, blob string, ttl time.Duration) {
	s.mu.Lock()
	if s.held == tok && s.heldOK {
		s.mu.Unlock()
		return
	}
	prev, prevBlob, prevCounted := s.held, s.heldBlob, s.heldOK && s.heldShared
	s.held, s.heldBlob, s.heldShared, s.heldOK = tok, blob, true, false
	s.mu.Unlock()
	err := s.f.run(ctx, func(octx context.Context) error {
		pipe := s.f.rdb.Pipeline()
		pipe.Incr(octx, s.holdersKey(blob))
		pipe.PExpire(octx, s.holdersKey(blob), ttl+time.Minute)
		if prevCounted && prev != tok {
			pipe.Decr(octx, s.holdersKey(prevBlob))
		}
		_, err := pipe.Exec(octx)
		return err
	})
	if err == nil {
		s.mu.Lock()
		if s.held == tok {
			s.heldOK = true
		}
		s.mu.Unlock()
	}
}

// Invalidate drops the token from Redis if it is still the one stored: the
// service refused it.
func (s *TokenStore) Invalidate(ctx context.Context, tok string) error {
	s.mu.Lock()
	blob := s.heldBlob
	mine := s.held == tok && s.heldShared
	s.mu.Unlock()
	if !mine || blob == "" || !s.f.usable() {
		return nil
	}
	err := s.f.run(ctx, func(octx context.Context) error {
		return delIfScript.Run(octx, s.f.rdb, []string{s.tokenKey}, blob).Err()
	})
	if redisFailure(ctx, err) {
		s.f.failed(err)
	}
	return err
}

// releaseHolderScript counts one holder less; the last one also removes
// the token from Redis (if it is still stored) and is told to revoke it.
var releaseHolderScript = goredis.NewScript(`
local n = redis.call('DECR', KEYS[1])
if n > 0 then
  return 0
end
redis.call('DEL', KEYS[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
return 1`)

// Release says this client is done with tok (its Close). It reports true,
// revoke, when no other process uses it: a token fetched locally, or the
// fleet's token when this client was its last holder.
func (s *TokenStore) Release(ctx context.Context, tok string) (bool, error) {
	s.mu.Lock()
	held, blob, shared, counted := s.held, s.heldBlob, s.heldShared, s.heldOK
	s.held, s.heldBlob, s.heldShared, s.heldOK = "", "", false, false
	s.mu.Unlock()
	if held != tok {
		return false, nil // not a token this store handed out
	}
	if !shared {
		return true, nil
	}
	if !counted {
		return false, nil // it may have other holders; it expires by itself
	}
	var n int
	err := s.f.run(ctx, func(octx context.Context) (err error) {
		n, err = releaseHolderScript.Run(octx, s.f.rdb, []string{s.holdersKey(blob), s.tokenKey}, blob).Int()
		return err
	})
	if err != nil {
		if redisFailure(ctx, err) {
			s.f.failed(err)
		}
		return false, err
	}
	return n == 1, nil
}
