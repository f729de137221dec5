#!/usr/bin/env bash
# Issue 19: `go test ./...` at the root must not answer "ok (cached)" for
# TestToolsModule after an edit that breaks the tools' tests, which run in a
# child process. On a scratch copy of the repository (the tracked files as they
# are in the working tree; never the tree itself), it runs
# `go test -run '^TestToolsModule$' .` twice (the second answer is cached),
# deletes a summary line from specs/sysdig/openapi.yaml (the spec lint wants
# one per operation) and runs it again: that run must fail, not be cached.
#
# Usage: bash tools/testdata/cache-repro.sh [repository]
set -euo pipefail
repo=$(git -C "${1:-$(dirname "${BASH_SOURCE[0]}")}" rev-parse --show-toplevel)
scratch=$(mktemp -d)
trap 'chmod -R u+w "$scratch" && rm -rf "$scratch"' EXIT
git clone -q --no-checkout "$repo" "$scratch/repo"
(cd "$repo" && git ls-files -z | tar --null -T - -cf -) | tar -C "$scratch/repo" -xf -
cd "$scratch/repo"
git reset -q # the index from HEAD; the files stay as copied

run() { # run N: go test, its output and exit status
	set +e
	out=$(go test -run '^TestToolsModule$' . 2>&1)
	rc=$?
	set -e
	printf '%s: exit %d: %s\n' "$1" "$rc" "$(grep -E '^(ok|FAIL|---)' <<<"$out" | head -3 | tr '\n' ' ')"
}

run "run 1 (fresh)"
run "run 2 (unchanged)"
case $out in *"(cached)"*) ;; *) echo "FAIL: the second run on an unchanged tree was not cached" >&2; exit 1 ;; esac
[ "$rc" -eq 0 ] || { echo "FAIL: the tools tests fail on the unchanged tree" >&2; exit 1; }

line=$(grep -n -m1 '^ *summary:' specs/sysdig/openapi.yaml)
sed -i "${line%%:*}d" specs/sysdig/openapi.yaml
echo "deleted specs/sysdig/openapi.yaml:${line}"
run "run 3 (spec edited)"
case $out in *"(cached)"*) echo "FAIL: stale cache: the run after the spec edit answered (cached)" >&2; exit 1 ;; esac
[ "$rc" -ne 0 ] || { echo "FAIL: the run after the spec edit passed" >&2; exit 1; }
grep -m3 -i 'summary' <<<"$out" || true
echo "PASS: after the spec edit TestToolsModule ran again and failed"
