package verify

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// rulesDoc is where the rules that messages cite as "rule N" are defined.
const rulesDoc = "../docs/rules.md"

var (
	// ruleDef is a rule's definition in rulesDoc: "3. **Locations.** …".
	ruleDef = regexp.MustCompile(`(?m)^(\d+)\. \*\*`)
	// ruleCite is a citation in code: "rule 3", "rules 11 and 12", "rules 1–9".
	ruleCite = regexp.MustCompile(`\brules? (\d+)(?:(?:–| and |, )(\d+))*`)
	ruleNum  = regexp.MustCompile(`\d+`)
)

// TestRulesDefined fails when a Go file of the repository cites a rule
// that docs/rules.md does not define, so every "rule N" in a message can be
// looked up there.
func TestRulesDefined(t *testing.T) {
	doc, err := os.ReadFile(rulesDoc)
	if err != nil {
		t.Fatal(err)
	}
	defined := map[string]bool{}
	for _, m := range ruleDef.FindAllSubmatch(doc, -1) {
		defined[string(m[1])] = true
	}
	if len(defined) == 0 {
		t.Fatalf("%s defines no rules", rulesDoc)
	}
	cited := map[string][]string{} // rule -> files citing it
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != ".." && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Ext(path) != ".go" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, c := range ruleCite.FindAllString(string(src), -1) {
			for _, n := range ruleNum.FindAllString(c, -1) {
				cited[n] = append(cited[n], path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cited) == 0 {
		t.Fatal("no Go file cites a rule: the pattern is wrong")
	}
	for n, files := range cited {
		if !defined[n] {
			slices.Sort(files)
			t.Errorf("rule %s is cited in %s but not defined in %s", n, strings.Join(slices.Compact(files), ", "), rulesDoc)
		}
	}
}

func TestRuleCite(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`c.bad(name, "rule 11: the channel needs a title")`, []string{"11"}},
		{"// namespaces (docs/rules.md rules 11 and 12).", []string{"11", "12"}},
		{"// following docs/rules.md rules 10–14, 28 and 29", []string{"10", "14", "28", "29"}},
		{"the rules of the house", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range ruleCite.FindAllString(tt.in, -1) {
			got = append(got, ruleNum.FindAllString(c, -1)...)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("citations in %q = %v, want %v", tt.in, got, tt.want)
		}
	}
}
