package sysdig

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
)

// ErrDownloadIdle is the error of a download that received no bytes for the
// idle timeout (see WithDownloadIdleTimeout).
var ErrDownloadIdle = errors.New("sysdig: download received no bytes for the idle timeout")

// OpenAcquiredFile opens the file a FILE_ACQUIRE execution captured (id is
// that execution's id, Execution.ID), as a stream: nothing is buffered beyond what net/http reads ahead. The caller
// must close it. The context bounds the whole download, and a download that
// receives no bytes for the idle timeout (60 s by default, see
// WithDownloadIdleTimeout) fails with ErrDownloadIdle, even without a
// deadline. It is hand-written because the answer is a stream with an idle
// timeout, not JSON (getActionExecutionFileAcquireV1).
func (c *Client) OpenAcquiredFile(ctx context.Context, id string) (io.ReadCloser, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	if err := checkID(id); err != nil {
		return nil, err
	}
	if ctx == nil {
		return nil, fmt.Errorf("sysdig: %w", httpclient.ErrNilContext)
	}
	idle := c.idle
	if idle <= 0 {
		idle = DefaultDownloadIdleTimeout
	}
	ctx, cancel := context.WithCancelCause(ctx)
	watch := time.AfterFunc(idle, func() { cancel(ErrDownloadIdle) })
	// The plain generated client hands back the body unread; the
	// ClientWithResponses variant would read the whole file into memory.
	resp, err := c.gen.GetActionExecutionFileAcquireV1(ctx, id, acceptFile)
	if err := httpclient.Check(api, resp, err, http.StatusOK); err != nil {
		watch.Stop()
		cause := context.Cause(ctx)
		cancel(nil)
		if errors.Is(cause, ErrDownloadIdle) && !errors.Is(err, ErrDownloadIdle) {
			return nil, apierror.Errorf(api, "%w: %w", ErrDownloadIdle, err)
		}
		return nil, err
	}
	watch.Reset(idle)
	return &idleBody{body: resp.Body, ctx: ctx, watch: watch, idle: idle, cancel: cancel}, nil
}

// idleBody is a download's body that fails once no bytes arrived for idle.
type idleBody struct {
	body   io.ReadCloser
	ctx    context.Context
	watch  *time.Timer
	idle   time.Duration
	cancel context.CancelCauseFunc
}

func (b *idleBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	if n > 0 {
		b.watch.Reset(b.idle)
	}
	if err != nil && err != io.EOF && errors.Is(context.Cause(b.ctx), ErrDownloadIdle) && !errors.Is(err, ErrDownloadIdle) {
		err = apierror.Errorf(api, "%w: %w", ErrDownloadIdle, err)
	}
	return n, err
}

func (b *idleBody) Close() error {
	b.watch.Stop()
	err := b.body.Close()
	b.cancel(nil)
	return err
}

// acceptFile asks for the file, and for JSON should the answer be an error.
func acceptFile(_ context.Context, r *http.Request) error {
	r.Header.Set("Accept", "application/octet-stream, application/json")
	return nil
}

// DownloadAcquiredFile streams the file a FILE_ACQUIRE execution captured
// (id is that execution's id, Execution.ID) into w and returns the bytes written. A download cut short is an error,
// never a silently short file. It is hand-written: OpenAcquiredFile's stream
// copied to w, not an operation of its own.
func (c *Client) DownloadAcquiredFile(ctx context.Context, id string, w io.Writer) (int64, error) {
	if err := c.ready(); err != nil {
		return 0, err
	}
	if w == nil {
		return 0, errors.New("sysdig: nil writer for the acquired file")
	}
	body, err := c.OpenAcquiredFile(ctx, id)
	if err != nil {
		return 0, err
	}
	defer body.Close()
	n, err := io.Copy(w, body)
	if err != nil {
		return n, apierror.Errorf(api, "download of acquired file %s stopped after %d bytes: %w", id, n, err)
	}
	return n, nil
}

// ExecutionFailedError is returned by WaitForExecution for a FAILED
// execution; it carries the execution and its failure.
type ExecutionFailedError struct {
	Execution *Execution
}

// Error names the execution and the failure.
func (e *ExecutionFailedError) Error() string {
	msg := fmt.Sprintf("sysdig: action execution %s (%s) failed", e.Execution.ID, e.Execution.ActionType)
	if f := e.Execution.Failure; f != (Failure{}) {
		msg += ": " + f.FailureReason
		if f.LogMessage != "" {
			msg += ": " + f.LogMessage
		}
	}
	return msg
}

// Failure returns the failure the service reported (the zero Failure when it
// reported none).
func (e *ExecutionFailedError) Failure() Failure { return e.Execution.Failure }

// executionFailed is WaitForExecution's error for a FAILED execution.
func executionFailed(e *Execution) error { return &ExecutionFailedError{Execution: e} }
