package transport

import (
	"net/http"
	"strings"
)

// Operation is what the retry layer needs of one operation of a spec: its
// method, its path template and whether a request may be resent once the
// service may have processed it (the spec's x-respondkit-resend).
type Operation struct {
	Method, Path string
	// Safe is true when processing the request twice does no more than
	// processing it once.
	Safe bool
}

// Resend decides, per request, whether it may be resent once the service
// may have processed it. It matches a request against the operations of a
// spec by method and path template; the template is matched against the end
// of the request's path, so a base URL with a path prefix still matches.
type Resend struct {
	ops []resendOp
	// unsafe and safe hold the methods of the operations marked unsafe,
	// and safe, to answer most requests without matching their path.
	unsafe, safe map[string]bool
}

type resendOp struct {
	method string
	segs   []string // "" for a template parameter
	safe   bool
}

// NewResend builds the table from a spec's operations.
func NewResend(ops []Operation) *Resend {
	r := &Resend{unsafe: map[string]bool{}, safe: map[string]bool{}}
	for _, op := range ops {
		if op.Safe {
			r.safe[op.Method] = true
		} else {
			r.unsafe[op.Method] = true
		}
		var segs []string
		for _, s := range strings.Split(strings.Trim(op.Path, "/"), "/") {
			if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
				s = ""
			}
			segs = append(segs, s)
		}
		r.ops = append(r.ops, resendOp{method: op.Method, segs: segs, safe: op.Safe})
	}
	return r
}

// Safe reports whether r may be resent after the service may have processed
// it. A request that matches no operation is safe only for GET, HEAD and
// OPTIONS; one that matches several is safe only when all of them are.
func (t *Resend) Safe(r *http.Request) bool {
	safeMethod := r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions
	if t == nil {
		return safeMethod
	}
	switch {
	case safeMethod && !t.unsafe[r.Method]:
		return true // no operation of the method is unsafe
	case !safeMethod && !t.safe[r.Method]:
		return false // no operation of the method is safe
	}
	path := r.URL.EscapedPath()
	matched := false
	for i := range t.ops {
		op := &t.ops[i]
		if op.method != r.Method || !matchTail(path, op.segs) {
			continue
		}
		if !op.safe {
			return false
		}
		matched = true
	}
	return matched || safeMethod
}

// matchTail reports whether the last len(segs) segments of path match segs
// ("" matching any non-empty segment), without allocating.
func matchTail(path string, segs []string) bool {
	path = strings.TrimSuffix(path, "/")
	for i := len(segs) - 1; i >= 0; i-- {
		j := strings.LastIndexByte(path, '/')
		if j < 0 {
			return false
		}
		seg := path[j+1:]
		path = path[:j]
		if seg == "" || (segs[i] != "" && seg != segs[i]) {
			return false
		}
	}
	return true
}
