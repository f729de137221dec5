package redis

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// redisServer is a redis-server the test started on a loopback port, with
// its own temporary directory and no persistence.
type redisServer struct {
	t    testing.TB
	bin  string
	dir  string
	port int
	cmd  *exec.Cmd
	done chan struct{}
}

// findRedis returns the redis-server binary, or skips the test (fails it
// with CI=true) when there is none.
func findRedis(t testing.TB) string {
	t.Helper()
	if p, err := exec.LookPath("redis-server"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/bin/redis-server"); err == nil {
		return "/usr/bin/redis-server"
	}
	msg := "redis-server is not on PATH nor in /usr/bin: install it (Debian: apt-get install redis-server) to run the fleet tests against a real Redis"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// freePort returns a loopback port nothing listens on now.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startRedis starts a Redis server for the test and stops it at cleanup.
func startRedis(t testing.TB) *redisServer {
	t.Helper()
	s := &redisServer{t: t, bin: findRedis(t), dir: t.TempDir(), port: freePort(t)}
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *redisServer) addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// start runs redis-server on the server's port and waits until it answers.
func (s *redisServer) start() {
	s.t.Helper()
	s.cmd = exec.Command(s.bin, "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--dir", s.dir,
		"--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", filepath.Join(s.dir, "redis.log"))
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("starting redis-server: %v", err)
	}
	s.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { _ = cmd.Wait(); close(done) }(s.cmd, s.done)
	rdb := goredis.NewClient(&goredis.Options{Addr: s.addr(), MaxRetries: -1})
	defer rdb.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := rdb.Ping(ctx).Err()
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
			s.t.Fatalf("redis-server on %s did not answer: %v\n%s", s.addr(), err, log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop kills the server this test started (by its process) and waits for
// it to end.
func (s *redisServer) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.done
	s.cmd = nil
}

// client is a go-redis client of the server, closed at cleanup.
func (s *redisServer) client(t testing.TB) *goredis.Client {
	rdb := goredis.NewClient(&goredis.Options{Addr: s.addr(), MaxRetries: -1, DialTimeout: 200 * time.Millisecond,
		ReadTimeout: 200 * time.Millisecond, WriteTimeout: 200 * time.Millisecond})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// falconServer is a Falcon-shaped loopback server: the token and revoke
// endpoints, and the policy id query, which allows limit requests per second
// per client id (a sliding window) and answers 429 with
// X-RateLimit-RetryAfter past it; it counts tokens, revokes, requests and
// 429s.
type falconServer struct {
	*httptest.Server
	limit int
	// skew is the service's clock minus the real one: its 429s' Date and
	// X-RateLimit-RetryAfter are on that clock.
	skew time.Duration

	mu      sync.Mutex
	tokens  map[string]string // token -> client id
	windows windows

	tokenRequests, revokes, requests, limited, unauthorized atomic.Int64
}

func newFalconServer(t testing.TB, limit int) *falconServer {
	s := &falconServer{limit: limit, tokens: map[string]string{}, windows: windows{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *falconServer) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/oauth2/token":
		n := s.tokenRequests.Add(1) // Add's own result: two fetches at once get two tokens
		_ = r.ParseForm()
		id := r.PostForm.Get("client_id")
		if id == "" || r.PostForm.Get("client_secret") != "secret-"+id {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"meta":{"query_time":0,"trace_id":"t"},"errors":[{"code":403,"message":"access denied, authorization failed"}]}`)
			return
		}
		tok := fmt.Sprintf("tok-%s-%d", id, n)
		s.mu.Lock()
		s.tokens[tok] = id
		s.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"access_token":%q,"token_type":"bearer","expires_in":1799}`, tok)
	case "/oauth2/revoke":
		s.revokes.Add(1)
		_ = r.ParseForm()
		s.mu.Lock()
		delete(s.tokens, r.PostForm.Get("token"))
		s.mu.Unlock()
		fmt.Fprint(w, `{"meta":{"query_time":0,"trace_id":"t"},"errors":[],"resources":[]}`)
	case "/policy/queries/response/v1":
		s.requests.Add(1)
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.mu.Lock()
		id, ok := s.tokens[tok]
		if !ok {
			s.mu.Unlock()
			s.unauthorized.Add(1)
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"meta":{"query_time":0,"trace_id":"t"},"errors":[{"code":401,"message":"access denied, invalid bearer token"}],"resources":[]}`)
			return
		}
		now := time.Now()
		if oldest, ok := s.windows.allow(id, s.limit, now); !ok {
			retry := oldest.Add(time.Second)
			s.mu.Unlock()
			s.limited.Add(1)
			w.Header().Set("Date", now.Add(s.skew).UTC().Format(http.TimeFormat))
			w.Header().Set("X-RateLimit-RetryAfter", strconv.FormatInt(retry.Add(s.skew).Unix()+1, 10))
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"meta":{"query_time":0,"trace_id":"t"},"errors":[{"code":429,"message":"API rate limit exceeded."}],"resources":[]}`)
			return
		}
		s.mu.Unlock()
		fmt.Fprint(w, `{"meta":{"query_time":0.001,"trace_id":"t","pagination":{"offset":0,"limit":100,"total":0}},"errors":[],"resources":[]}`)
	default:
		http.NotFound(w, r)
	}
}

// windows are the test servers' rate limits: per key, the times of the
// requests let through in the last second.
type windows map[string][]time.Time

// allow lets a request for key through at now unless limit requests went
// through in the second before; when it does not, oldest is the earliest of
// them (a second after it, the window has room again).
func (ws windows) allow(key string, limit int, now time.Time) (oldest time.Time, ok bool) {
	win := ws[key]
	for len(win) > 0 && now.Sub(win[0]) >= time.Second {
		win = win[1:]
	}
	if len(win) >= limit {
		ws[key] = win
		return win[0], false
	}
	ws[key] = append(win, now)
	return time.Time{}, true
}

// lines reads a child's output line by line.
func lines(t testing.TB, sc *bufio.Scanner, want string) bool {
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == want {
			return true
		}
	}
	return false
}

// mustBudget is f's budget for cfg, failing t if f refuses cfg.
func mustBudget(t testing.TB, f *Fleet, cfg BudgetConfig) *Budget {
	t.Helper()
	b, err := f.Budget(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
