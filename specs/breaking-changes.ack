# Breaking changes acknowledged on purpose since the last release (specs/last-release; see README, "Changing a
# spec"): one line per change,
#   <spec file> <check id> <METHOD> <path>  # reason
#   go <package> <identifier>  # reason
# A line that matches no change since the last release is stale and fails specdiff (and CI); when the release
# moves, `go -C tools run ./cmd/specdiff -prune` removes the lines it made stale.
