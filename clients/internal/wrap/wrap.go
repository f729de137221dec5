// Package wrap holds the checks and error mapping that the wrappers'
// generated methods share: an id before it goes into a path, a list of ids
// before it is batched, and the sentinel errors a spec's
// x-respondkit-method.errors map answers to.
package wrap

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/internal/apierror"
)

// PathID refuses an id that cannot name a resource in a path: empty, longer
// than maxLen bytes (when maxLen > 0), a dot segment, which survives path
// escaping and is resolved away by URL resolution so the request would
// reach another path, or one with whitespace around it or a control
// character in it (a line read from a file with its line break), which no
// service's id holds.
func PathID(api, name, id string, maxLen int) error {
	switch {
	case strings.TrimSpace(id) == "":
		return fmt.Errorf("%s: %s is empty", api, name)
	case maxLen > 0 && len(id) > maxLen:
		return fmt.Errorf("%s: %s is %d bytes, at most %d allowed", api, name, len(id), maxLen)
	case id == "." || id == "..":
		return fmt.Errorf("%s: %s %q is a path dot segment", api, name, id)
	}
	if err := idShape(id); err != nil {
		return fmt.Errorf("%s: %s %w", api, name, err)
	}
	return nil
}

// Arg refuses a required string argument that is blank, has whitespace
// around it or holds a control character.
func Arg(api, name, v string) error {
	if err := idShape(v); err != nil {
		return fmt.Errorf("%s: %s %w", api, name, err)
	}
	return nil
}

// IDs refuses an empty list of ids, a blank id in it, an id with whitespace
// around it or a control character in it, and an id listed twice (which
// the services answer with a per-id error for the second copy, or act on
// twice).
func IDs(api, name string, ids []string) error {
	if len(ids) == 0 {
		return fmt.Errorf("%s: no %s", api, name)
	}
	seen := make(map[string]int, len(ids))
	for i, id := range ids {
		if err := idShape(id); err != nil {
			return fmt.Errorf("%s: %s[%d] %w", api, name, i, err)
		}
		if j, ok := seen[id]; ok {
			return fmt.Errorf("%s: %s[%d] repeats %s[%d] (%.64q): list each id once", api, name, i, name, j, id)
		}
		seen[id] = i
	}
	return nil
}

// idShape refuses a blank id, one with whitespace around it or a control
// character in it; the error, put after the id's name, quotes at most 64
// bytes of it (ids are no secrets).
func idShape(id string) error {
	if strings.TrimSpace(id) == "" {
		return errors.New("is empty")
	}
	if strings.TrimSpace(id) != id {
		return fmt.Errorf("%.64q has whitespace around it (a line break read from a file?): trim it", id)
	}
	for i := 0; i < len(id); i++ {
		if b := id[i]; b < 0x20 || b == 0x7f {
			return fmt.Errorf("%.64q holds a control character at byte %d", id, i)
		}
	}
	return nil
}

// ErrorMap maps an error answer to a sentinel error: its status and, when
// Property is set, a non-empty string property of its JSON body.
type ErrorMap struct {
	Status   int
	Property string
	Sentinel error
}

// MapErrors returns err wrapping the sentinel of the first mapping the
// typed error in err matches (the *respondkit.Error stays reachable with
// errors.As), or err itself.
func MapErrors(api string, err error, maps ...ErrorMap) error {
	var apiErr *respondkit.Error
	if err == nil || !errors.As(err, &apiErr) {
		return err
	}
	var body map[string]json.RawMessage
	_ = json.Unmarshal(apiErr.Raw, &body)
	for _, m := range maps {
		if apiErr.StatusCode != m.Status {
			continue
		}
		if m.Property != "" {
			var s string
			if json.Unmarshal(body[m.Property], &s) != nil || s == "" {
				continue
			}
		}
		return apierror.Errorf(api, "%w: %w", m.Sentinel, apiErr)
	}
	return err
}
