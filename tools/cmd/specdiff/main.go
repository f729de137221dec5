// Command specdiff reports the breaking changes between the working tree and a
// git ref (by default the last release, recorded in specs/last-release), at
// both levels a user can be broken at:
//
//   - each OpenAPI spec (specs/*/openapi.yaml), with oasdiff's checks;
//   - the exported Go API of every package of the library module (the go.mod
//     at the repository root, internal and main packages aside), with
//     golang.org/x/exp/apidiff: a removed or changed exported identifier, such
//     as the constant of a removed enum value or the type of a renamed schema.
//
// Usage (it finds the repository root itself, so it runs from anywhere in it):
//
//	go -C tools run ./cmd/specdiff                    # everything against the last release
//	go -C tools run ./cmd/specdiff -ref main          # what a branch changes
//	go -C tools run ./cmd/specdiff -prune             # after moving the release: drop stale acknowledgements
//	go -C tools run ./cmd/specdiff -go=false specs/falcon/openapi.yaml
//
// Every error and warning is printed with its spec, line and operation, or its
// package and identifier. A package of the working tree that no longer
// compiles (a hand-written line uses what a regenerated package lost) is not
// compared; the compiler's errors are printed as the lines to change, and
// every package that compiles, gen/ among them, is compared all the same.
//
// The exit status is 1 when a change of level -fail-on or above (warnings by
// default, since a removed response field is a warning to oasdiff but breaks
// the typed clients; every Go change is an error) is not acknowledged, when
// an acknowledgement is stale, or when a package does not compile; 2 on a
// usage or load error; and 0 otherwise.
//
// A change is acknowledged by a line in the acknowledgement file (-ack,
// default specs/breaking-changes.ack):
//
//	<spec file> <check id> <METHOD> <path>   # why it is acceptable
//	go <package> <identifier>                # why it is acceptable
//
// for example
//
//	specs/falcon/openapi.yaml request-parameter-enum-value-removed POST /policy/entities/response-actions/v1  # retired by the vendor
//	go gen/falconapi PolicyActionNameDisable  # retired by the vendor
//
// A spec line acknowledges every change of that check on that operation; a Go
// line every change of that identifier (as apidiff names it, before the
// colon) in that package. Acknowledgements belong to the last release: when
// the comparison is with it, a line that matches no change is stale and
// fails, and -prune removes such lines. Against another -ref they are used to
// mark changes, and lines that match none are not reported.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
)

func main() {
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "specdiff: run it inside the repository's git checkout:", err)
		os.Exit(exitUsage)
	}
	os.Exit(run(os.Args[1:], strings.TrimSpace(string(top)), os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK       = 0
	exitBreaking = 1
	exitUsage    = 2
)

// run is main without the process: args are the command-line arguments, dir
// the repository directory the paths are relative to.
func run(args []string, dir string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("specdiff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	ref := fs.String("ref", "", "git ref to compare the working tree with (default: the last release, from -release)")
	releasePath := fs.String("release", "specs/last-release", "file naming the last release's commit (missing: HEAD is the last release)")
	ackPath := fs.String("ack", "specs/breaking-changes.ack", "acknowledgement file (missing is the same as empty)")
	goAPI := fs.Bool("go", true, "also compare the exported Go API of the library module (the go.mod at the root)")
	failOn := fs.String("fail-on", "WARN", "lowest unacknowledged level that fails: WARN or ERR")
	prune := fs.Bool("prune", false, "remove the acknowledgements that match no change since the last release from the file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: specdiff [-ref REF] [-release FILE] [-ack FILE] [-prune] [-fail-on WARN|ERR] [-go=false] [spec.yaml ...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	threshold, ok := map[string]checker.Level{"WARN": checker.WARN, "ERR": checker.ERR}[strings.ToUpper(*failOn)]
	if !ok {
		fmt.Fprintf(stderr, "specdiff: -fail-on %q: want WARN or ERR\n", *failOn)
		return exitUsage
	}

	// The acknowledgements belong to the last release: they are checked
	// for staleness only when the comparison is with it.
	release, err := readRelease(filepath.Join(dir, *releasePath))
	if err != nil {
		fmt.Fprintf(stderr, "specdiff: %v\n", err)
		return exitUsage
	}
	label := *ref
	if *ref == "" {
		*ref = release
		label = release
		if release != "HEAD" {
			short := release
			if len(short) == 40 && strings.Trim(short, "0123456789abcdef") == "" {
				short = short[:12]
			}
			label = "the last release (" + short + ")"
		}
	}
	releaseCommit, err := resolveCommit(dir, release)
	if err != nil {
		fmt.Fprintf(stderr, "specdiff: %s: %v\n", *releasePath, err)
		return exitUsage
	}
	refCommit, err := resolveCommit(dir, *ref)
	if err != nil {
		fmt.Fprintf(stderr, "specdiff: %v\n", err)
		return exitUsage
	}
	againstRelease := refCommit == releaseCommit
	if *prune && !againstRelease {
		fmt.Fprintf(stderr, "specdiff: -prune compares with the last release (%s), not -ref %s\n", release, *ref)
		return exitUsage
	}

	specs := fs.Args()
	if len(specs) == 0 {
		found, err := filepath.Glob(filepath.Join(dir, "specs", "*", "openapi.yaml"))
		if _, modErr := os.Stat(filepath.Join(dir, "go.mod")); err != nil || len(found) == 0 && (!*goAPI || modErr != nil) {
			fmt.Fprintf(stderr, "specdiff: no specs/*/openapi.yaml and no Go module to compare under %s\n", dir)
			return exitUsage
		}
		for _, f := range found {
			rel, _ := filepath.Rel(dir, f)
			specs = append(specs, filepath.ToSlash(rel))
		}
	}

	acks, err := readAcks(filepath.Join(dir, *ackPath))
	if err != nil {
		fmt.Fprintf(stderr, "specdiff: %v\n", err)
		return exitUsage
	}

	failing := 0
	compared := map[string]bool{}
	for _, spec := range specs {
		spec = filepath.ToSlash(filepath.Clean(spec))
		compared[spec] = true
		revision, err := os.ReadFile(filepath.Join(dir, spec))
		if err != nil {
			fmt.Fprintf(stderr, "specdiff: %v\n", err)
			return exitUsage
		}
		base, err := gitShow(dir, refCommit, spec)
		if errors.Is(err, errNotAtRef) {
			fmt.Fprintf(stdout, "%s: new since %s, nothing to compare\n", spec, label)
			continue
		}
		if err != nil {
			fmt.Fprintf(stderr, "specdiff: %v\n", err)
			return exitUsage
		}
		findings, err := compare(spec, base, revision)
		if err != nil {
			fmt.Fprintf(stderr, "specdiff: %v\n", err)
			return exitUsage
		}
		if len(findings) == 0 {
			fmt.Fprintf(stdout, "%s: no breaking changes since %s\n", spec, label)
			continue
		}
		fmt.Fprintf(stdout, "%s: %d breaking change(s) since %s\n", spec, len(findings), label)
		for _, f := range findings {
			mark := ""
			if a := acks.match(f); a != nil {
				mark = " (acknowledged: " + a.reason + ")"
			} else if f.Level >= threshold {
				failing++
			}
			fmt.Fprintf(stdout, "  %s%s\n", f, mark)
		}
	}
	broken := 0
	if *goAPI {
		res, err := goAPIChanges(dir, refCommit)
		if err != nil {
			fmt.Fprintf(stderr, "specdiff: %v\n", err)
			return exitUsage
		}
		if res == nil {
			res = &goAPIResult{}
		}
		for _, p := range res.compared {
			compared["go "+p] = true
		}
		switch {
		case len(res.changes) > 0:
			fmt.Fprintf(stdout, "Go API: %d breaking change(s) since %s\n", len(res.changes), label)
		case len(res.broken) > 0:
			fmt.Fprintf(stdout, "Go API: no breaking changes since %s in the packages that compile\n", label)
		default:
			fmt.Fprintf(stdout, "Go API: no breaking changes since %s\n", label)
		}
		for _, c := range res.changes {
			mark := ""
			if a := acks.matchKey(c.key()); a != nil {
				mark = " (acknowledged: " + a.reason + ")"
			} else {
				failing++
			}
			fmt.Fprintf(stdout, "  %s%s\n", c, mark)
		}
		if broken = len(res.broken); broken > 0 {
			fmt.Fprintf(stdout, "Go API: %d package(s) do not compile, not compared: %s\n", broken, strings.Join(res.broken, ", "))
			fmt.Fprintf(stdout, "Hand-written lines to change (the compiler's errors):\n")
			for _, l := range res.fix {
				fmt.Fprintf(stdout, "  %s\n", l)
			}
		}
	}
	stale := 0
	if againstRelease {
		unused := acks.unused(compared)
		if *prune && len(unused) > 0 {
			if err := removeLines(filepath.Join(dir, *ackPath), unused); err != nil {
				fmt.Fprintf(stderr, "specdiff: %v\n", err)
				return exitUsage
			}
			fmt.Fprintf(stdout, "%s: removed %d acknowledgement(s) that match no change since %s\n", *ackPath, len(unused), label)
		} else {
			stale = len(unused)
			for _, a := range unused {
				fmt.Fprintf(stdout, "%s:%d: stale acknowledgement, matches no change since %s: %s\n", *ackPath, a.line, label, a.key)
			}
		}
	}
	if failing > 0 {
		fmt.Fprintf(stdout, "%d unacknowledged breaking change(s); acknowledge each in %s with a reason, or undo it\n", failing, *ackPath)
	}
	if stale > 0 {
		fmt.Fprintf(stdout, "%d stale acknowledgement(s); remove them (specdiff -prune does)\n", stale)
	}
	if broken > 0 {
		fmt.Fprintf(stdout, "%d package(s) do not compile; change the lines listed above, then run specdiff again\n", broken)
	}
	if failing > 0 || stale > 0 || broken > 0 {
		return exitBreaking
	}
	return exitOK
}

// readRelease returns the ref recorded in the release file: its first line
// that is neither blank nor a comment. A missing file makes HEAD the
// release.
func readRelease(path string) (string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "HEAD", nil
	}
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		text, _, _ := strings.Cut(line, "#")
		if f := strings.Fields(text); len(f) == 1 {
			return f[0], nil
		} else if len(f) > 1 {
			return "", fmt.Errorf("%s: want one ref on a line, got %q", path, strings.TrimSpace(text))
		}
	}
	return "", fmt.Errorf("%s: names no ref", path)
}

// resolveCommit resolves ref to a commit hash in the repository at dir.
func resolveCommit(dir, ref string) (string, error) {
	cmd := exec.Command("git", "rev-parse", "--verify", "--quiet", ref+"^{commit}")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("ref %q is not a commit in %s (a shallow clone lacks older commits: git fetch --unshallow)", ref, dir)
	}
	return strings.TrimSpace(string(out)), nil
}

// removeLines rewrites the acknowledgement file without the lines of as.
func removeLines(path string, as []*ack) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	drop := map[int]bool{}
	for _, a := range as {
		drop[a.line] = true
	}
	lines := strings.SplitAfter(string(data), "\n")
	var out strings.Builder
	for i, l := range lines {
		if !drop[i+1] {
			out.WriteString(l)
		}
	}
	return os.WriteFile(path, []byte(out.String()), 0o644)
}

// finding is one breaking change, printable on one line.
type finding struct {
	Spec   string
	Level  checker.Level
	ID     string
	Method string
	Path   string
	Text   string
	Where  string // "file:line" in the revision, or "ref file:line" for a removal
}

func (f finding) String() string {
	level := "warning"
	if f.Level >= checker.ERR {
		level = "error"
	}
	where := ""
	if f.Where != "" {
		where = f.Where + ": "
	}
	return fmt.Sprintf("%-7s %s%s %s: %s [%s]", level, where, f.Method, f.Path, f.Text, f.ID)
}

// key is what an acknowledgement line names.
func (f finding) key() string { return strings.Join([]string{f.Spec, f.ID, f.Method, f.Path}, " ") }

// stricter raises checks that oasdiff rates as information but that break
// the generated Go clients.
var stricter = map[string]checker.Level{
	// The service may stop sending an optional field without breaking the
	// wire, but the generated struct loses the field and code that reads it
	// no longer compiles.
	checker.ResponseOptionalPropertyRemovedId: checker.WARN,
}

// compare runs oasdiff's backward-compatibility checks on two versions of the
// spec named name and returns the errors and warnings, ordered as oasdiff
// orders them.
func compare(name string, base, revision []byte) ([]finding, error) {
	s1, err := loadSpec(name, base)
	if err != nil {
		return nil, fmt.Errorf("%s (base): %w", name, err)
	}
	s2, err := loadSpec(name, revision)
	if err != nil {
		return nil, fmt.Errorf("%s (working tree): %w", name, err)
	}
	d, sources, err := diff.GetPathsDiff(diff.NewConfig(), []*load.SpecInfo{s1}, []*load.SpecInfo{s2})
	if err != nil {
		return nil, fmt.Errorf("%s: diff: %w", name, err)
	}
	config := checker.NewConfig(checker.GetAllChecks(), checker.WithSeverityLevels(stricter))
	changes := checker.CheckBackwardCompatibility(config, d, sources)
	localize := checker.NewDefaultLocalizer()
	out := make([]finding, 0, len(changes))
	for _, c := range changes {
		out = append(out, finding{
			Spec:   name,
			Level:  c.GetLevel(),
			ID:     c.GetId(),
			Method: c.GetOperation(),
			Path:   c.GetPath(),
			Text:   c.GetUncolorizedText(localize),
			Where:  where(name, c),
		})
	}
	return out, nil
}

// where is the change's line in the working tree, or in the base when the
// element was removed.
func where(name string, c checker.Change) string {
	if s := c.GetRevisionSource(); s != nil && s.Line > 0 {
		return fmt.Sprintf("%s:%d", name, s.Line)
	}
	if s := c.GetBaseSource(); s != nil && s.Line > 0 {
		return fmt.Sprintf("%s:%d (base)", name, s.Line)
	}
	return name
}

// loadSpec loads one spec with a loader of its own (two versions under one
// name would share a loader's cache) and with origins, for line numbers.
func loadSpec(name string, data []byte) (*load.SpecInfo, error) {
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = true
	s, err := load.NewSpecInfoFromData(loader, data, name)
	if err != nil {
		return nil, err
	}
	if err := s.Spec.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("invalid: %w", err)
	}
	return s, nil
}

// errNotAtRef says the file does not exist at the ref (a new spec).
var errNotAtRef = errors.New("file not at ref")

// gitShow returns the content of path (relative to dir) at ref.
func gitShow(dir, ref, path string) ([]byte, error) {
	git := func(args ...string) ([]byte, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	if _, err := git("rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		return nil, fmt.Errorf("ref %q is not a commit in %s", ref, dir)
	}
	object := ref + ":./" + filepath.ToSlash(path)
	if _, err := git("cat-file", "-e", object); err != nil {
		return nil, errNotAtRef
	}
	return git("show", object)
}

// ack is one acknowledgement line.
type ack struct {
	key    string
	reason string
	line   int
	used   bool
}

type acks []*ack

// readAcks reads the acknowledgement file; a missing file has no lines.
func readAcks(path string) (acks, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out acks
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		text, reason, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(text)
		if len(fields) == 0 {
			continue
		}
		goLine := fields[0] == "go"
		if goLine && len(fields) != 3 || !goLine && len(fields) != 4 {
			return nil, fmt.Errorf("%s:%d: want <spec file> <check id> <METHOD> <path>  # reason, or go <package> <identifier>  # reason, got %q", path, n, strings.TrimSpace(text))
		}
		reason = strings.TrimSpace(reason)
		if reason == "" {
			return nil, fmt.Errorf("%s:%d: an acknowledgement needs a reason after '#'", path, n)
		}
		if !goLine {
			fields[2] = strings.ToUpper(fields[2])
		}
		out = append(out, &ack{key: strings.Join(fields, " "), reason: reason, line: n})
	}
	return out, sc.Err()
}

func (as acks) match(f finding) *ack { return as.matchKey(f.key()) }

func (as acks) matchKey(key string) *ack {
	for _, a := range as {
		if a.key == key {
			a.used = true
			return a
		}
	}
	return nil
}

// unused returns the lines for the compared specs and Go packages ("go
// <package>") that matched nothing.
func (as acks) unused(compared map[string]bool) []*ack {
	var out []*ack
	for _, a := range as {
		f := strings.Fields(a.key)
		what := f[0]
		if what == "go" {
			what += " " + f[1]
		}
		if !a.used && compared[what] {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].line < out[j].line })
	return out
}
