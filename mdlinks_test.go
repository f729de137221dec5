package respondkit_test

import (
	"net/url"
	"os"
	"os/exec"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// linkedDocs are the Markdown files whose relative links must resolve.
var linkedDocs = []string{"README.md", "CHANGELOG.md", "BENCHMARKS.md"}

// TestMarkdownLinks checks that every relative link in the README, the
// changelog and BENCHMARKS.md leads to a file that git tracks (and that is
// in the working tree), or to a directory under which git tracks files.
// Links with a scheme (https:, mailto:) and links to an anchor of the same
// page are not checked; an #anchor or ?query is stripped. .ci/run runs it
// before anything else.
func TestMarkdownLinks(t *testing.T) {
	out, err := exec.Command("git", "ls-files", "-z").Output()
	if err != nil {
		// A copy of the module without git (the module cache) has nothing
		// to check against.
		t.Skipf("git ls-files: %v", err)
	}
	tracked := map[string]bool{}
	dirs := map[string]bool{}
	for _, f := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		tracked[f] = true
		for d := path.Dir(f); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	checked := 0
	for _, doc := range linkedDocs {
		text, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range markdownLinks(string(text)) {
			target, ok := relativeTarget(l.target)
			if !ok {
				continue
			}
			checked++
			p := path.Clean(path.Join(path.Dir(doc), target))
			switch _, statErr := os.Stat(p); {
			case strings.HasPrefix(p, "../") || p == "..":
				t.Errorf("%s:%d: link %q leads out of the repository", doc, l.line, l.target)
			case !tracked[p] && !dirs[p] && !(p == "." && len(tracked) > 0):
				t.Errorf("%s:%d: broken link %q: %s is not a file or directory tracked by git", doc, l.line, l.target, p)
			case statErr != nil:
				t.Errorf("%s:%d: broken link %q: %v", doc, l.line, l.target, statErr)
			}
		}
	}
	t.Logf("%d relative links checked in %s", checked, strings.Join(linkedDocs, ", "))
}

type mdLink struct {
	target string
	line   int
}

var (
	fence = regexp.MustCompile("^ {0,3}(```|~~~)")
	// inlineCode is a code span (one or two backquotes).
	inlineCode = regexp.MustCompile("``[^`]+``|`[^`]+`")
	// inlineLink is [text](target) or ![alt](target), with an optional title.
	inlineLink = regexp.MustCompile(`\]\(\s*(?:<([^>\n]*)>|([^)\s]+))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)`)
	// refDef is a reference definition, [label]: target.
	refDef = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)`)
)

// markdownLinks returns the targets of the inline links and reference
// definitions of a Markdown text, leaving out fenced code blocks and code
// spans.
func markdownLinks(text string) []mdLink {
	var out []mdLink
	inFence := ""
	for i, line := range strings.Split(text, "\n") {
		if m := fence.FindStringSubmatch(line); m != nil {
			switch {
			case inFence == "":
				inFence = m[1]
			case inFence == m[1]:
				inFence = ""
			}
			continue
		}
		if inFence != "" {
			continue
		}
		if m := refDef.FindStringSubmatch(line); m != nil {
			out = append(out, mdLink{m[1], i + 1})
			continue
		}
		line = inlineCode.ReplaceAllString(line, "")
		for _, m := range inlineLink.FindAllStringSubmatch(line, -1) {
			out = append(out, mdLink{m[1] + m[2], i + 1})
		}
	}
	return out
}

var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// relativeTarget returns the path a link leads to in the repository, and
// false for links that are not checked (with a scheme, or an anchor of the
// same page).
func relativeTarget(target string) (string, bool) {
	if scheme.MatchString(target) || strings.HasPrefix(target, "//") {
		return "", false
	}
	if i := strings.IndexAny(target, "#?"); i >= 0 {
		target = target[:i]
	}
	if target == "" {
		return "", false
	}
	if p, err := url.PathUnescape(target); err == nil {
		target = p
	}
	// GitHub resolves a leading / against the repository's root.
	return strings.TrimPrefix(target, "/"), true
}

func TestMarkdownLinkExtraction(t *testing.T) {
	text := "See [LICENSE](LICENSE) and [the spec](specs/sysdig/openapi.yaml#L10 \"title\").\n" +
		"![logo](<docs/logo 1.png>) [site](https://example.com) [mail](mailto:a@example.com) [top](#layout)\n" +
		"`[not](a-link)` and ``[nor](this)``\n" +
		"```go\n" +
		"x := m[k](y) // [code](block)\n" +
		"```\n" +
		"[ref]: clients/sysdig?tab=readme\n"
	var got []string
	for _, l := range markdownLinks(text) {
		if p, ok := relativeTarget(l.target); ok {
			got = append(got, p)
		}
	}
	want := []string{"LICENSE", "specs/sysdig/openapi.yaml", "docs/logo 1.png", "clients/sysdig"}
	if !slices.Equal(got, want) {
		t.Errorf("relative links: %q, want %q", got, want)
	}
}
