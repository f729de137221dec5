package falcon

import (
	"fmt"
	"strings"

	"github.com/respondkit/respondkit/clients/falcon/fql"
)

// checkFilter refuses, before sending, a filter no FQL holds: the text of
// an invalid fql expression (it starts with a NUL byte), or one with a
// control character. Sent, such a filter would be refused by the service at
// best; left out, it would widen the query to everything.
func checkFilter(filter string) error {
	if reason, ok := strings.CutPrefix(filter, fql.Invalid); ok {
		return fmt.Errorf("falcon: Filter is an invalid fql expression: %s", reason)
	}
	for i := 0; i < len(filter); i++ {
		if b := filter[i]; b < 0x20 || b == 0x7f {
			return fmt.Errorf("falcon: Filter holds a control character at byte %d", i)
		}
	}
	return nil
}

// checkFilter is QueryOptions' rule beyond the spec's: see checkFilter.
func (o QueryOptions) checkFilter() error { return checkFilter(o.Filter) }

// checkFilter is MemberOptions' rule beyond the spec's: see checkFilter.
func (o MemberOptions) checkFilter() error { return checkFilter(o.Filter) }
