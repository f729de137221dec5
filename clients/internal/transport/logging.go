package transport

import (
	"log/slog"
	"net/http"
	"time"
)

// Logging logs one record per attempt at debug level (warn for failures):
// method, path, status, attempt and duration. It never logs headers, query
// strings or bodies, so no credential can reach the log. A nil logger turns
// the layer into a pass-through.
func Logging(l *slog.Logger) Layer {
	return func(next http.RoundTripper) http.RoundTripper {
		if l == nil {
			return next
		}
		return RoundTripFunc(func(r *http.Request) (*http.Response, error) {
			start := time.Now()
			resp, err := next.RoundTrip(r)
			attrs := []slog.Attr{
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("attempt", AttemptFrom(r.Context())),
				slog.Duration("duration", time.Since(start)),
			}
			level := slog.LevelDebug
			switch {
			case err != nil:
				level = slog.LevelWarn
				attrs = append(attrs, slog.String("error", err.Error()))
			default:
				attrs = append(attrs, slog.Int("status", resp.StatusCode))
				if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
					level = slog.LevelWarn
				}
			}
			l.LogAttrs(r.Context(), level, "http request", attrs...)
			return resp, err
		})
	}
}
