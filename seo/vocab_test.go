package seo

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// vocabPath is the schema.org vocabulary (release 30.0), which lives in
// ../shared beside the checkout and is never copied into the repository.
var vocabPath = filepath.Join("..", "..", "shared", "specs", "schemaorg-30.0-current-https.jsonld")

// vocab is what rule 24 needs of the schema.org vocabulary.
type vocab struct {
	classes    map[string]bool     // "BlogPosting"
	props      map[string]bool     // "headline"
	superseded map[string]string   // term → its replacement
	parents    map[string][]string // class → direct superclasses
	domains    map[string][]string // property → domainIncludes
}

var (
	vocabOnce sync.Once
	vocabData *vocab
	vocabErr  error
)

// loadVocab reads the vocabulary once, skipping the test when it is not
// beside the checkout.
func loadVocab(t *testing.T) *vocab {
	t.Helper()
	vocabOnce.Do(func() { vocabData, vocabErr = readVocab(vocabPath) })
	if os.IsNotExist(vocabErr) {
		t.Skipf("schema.org vocabulary not found at %s (../shared is not beside this checkout): rule 24 is not checked", vocabPath)
	}
	if vocabErr != nil {
		t.Fatalf("reading %s: %v", vocabPath, vocabErr)
	}
	return vocabData
}

// readVocab parses the vocabulary's @graph. An @type is a string or a list;
// references are {"@id": "schema:Thing"} or lists of them.
func readVocab(path string) (*vocab, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Graph []map[string]json.RawMessage `json:"@graph"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	v := &vocab{
		classes: map[string]bool{}, props: map[string]bool{}, superseded: map[string]string{},
		parents: map[string][]string{}, domains: map[string][]string{},
	}
	for _, n := range doc.Graph {
		var id string
		if err := json.Unmarshal(n["@id"], &id); err != nil || !strings.HasPrefix(id, "schema:") {
			continue
		}
		name := strings.TrimPrefix(id, "schema:")
		types := stringsOf(n["@type"])
		if slices.Contains(types, "rdfs:Class") {
			v.classes[name] = true
			v.parents[name] = refsOf(n["rdfs:subClassOf"])
		}
		if slices.Contains(types, "rdf:Property") {
			v.props[name] = true
			v.domains[name] = refsOf(n["schema:domainIncludes"])
		}
		if s := refsOf(n["schema:supersededBy"]); len(s) > 0 {
			v.superseded[name] = s[0]
		}
	}
	if !v.classes["Thing"] || !v.props["name"] {
		return nil, errVocab
	}
	return v, nil
}

var errVocab = errors.New("the file has no schema:Thing or schema:name: not the schema.org vocabulary")

// stringsOf decodes a string or a list of strings.
func stringsOf(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(raw, &many)
	return many
}

// refsOf decodes {"@id": "schema:X"} or a list of them into ["X", …].
func refsOf(raw json.RawMessage) []string {
	type idRef struct {
		ID string `json:"@id"`
	}
	var refs []idRef
	var one idRef
	if json.Unmarshal(raw, &one) == nil && one.ID != "" {
		refs = []idRef{one}
	} else {
		_ = json.Unmarshal(raw, &refs)
	}
	var out []string
	for _, r := range refs {
		if name, ok := strings.CutPrefix(r.ID, "schema:"); ok {
			out = append(out, name)
		}
	}
	return out
}

// isA reports whether class is typ or one of its subclasses.
func (v *vocab) isA(class, typ string) bool {
	if class == typ {
		return true
	}
	for _, p := range v.parents[class] {
		if v.isA(p, typ) {
			return true
		}
	}
	return false
}

// problems returns every use of a term in graph that rule 24 forbids, and
// records the terms used in used.
func (v *vocab) problems(graph any, used map[string]bool) []string {
	var out []string
	walkJSON("@graph", graph, func(path string, x any) {
		node, ok := x.(map[string]any)
		if !ok {
			return
		}
		typ, _ := node["@type"].(string)
		if typ == "" {
			if refID(node) == "" {
				out = append(out, fmt.Sprintf("%s has no @type and is no reference", path))
			}
			return
		}
		used[typ] = true
		if !v.classes[typ] {
			out = append(out, fmt.Sprintf("%s: @type %q is not a schema.org class", path, typ))
		}
		if s := v.superseded[typ]; s != "" {
			out = append(out, fmt.Sprintf("%s: @type %q is superseded by %s", path, typ, s))
		}
		for _, prop := range slices.Sorted(maps.Keys(node)) {
			if strings.HasPrefix(prop, "@") {
				continue
			}
			used[prop] = true
			if !v.props[prop] {
				out = append(out, fmt.Sprintf("%s: property %q is not a schema.org property", path, prop))
				continue
			}
			if s := v.superseded[prop]; s != "" {
				out = append(out, fmt.Sprintf("%s: property %q is superseded by %s", path, prop, s))
			}
			if !slices.ContainsFunc(v.domains[prop], func(d string) bool { return v.isA(typ, d) }) {
				out = append(out, fmt.Sprintf("%s: property %q is not for a %s (domain %v)", path, prop, typ, v.domains[prop]))
			}
		}
	})
	return out
}

// TestVocabulary checks rule 24 over every test page: each @type is an
// rdfs:Class and each property an rdf:Property of schema.org 30.0, none
// superseded, and each property is used on a type in its domain.
func TestVocabulary(t *testing.T) {
	v := loadVocab(t)
	used := map[string]bool{}
	for _, tc := range testCases() {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Graph(tc.site, tc.page, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			for _, p := range v.problems(doc["@graph"], used) {
				t.Error(p)
			}
		})
	}
	t.Logf("%d schema.org terms used: %s", len(used), strings.Join(slices.Sorted(maps.Keys(used)), " "))
}

// TestVocabularyCheck checks that the rule 24 check catches what it must.
func TestVocabularyCheck(t *testing.T) {
	v := loadVocab(t)
	var graph any
	if err := json.Unmarshal([]byte(`[
		{"@type": "BlogPost", "@id": "a"},
		{"@type": "BlogPosting", "@id": "b", "headlin": "x", "author": [{"@id": "c"}]},
		{"@type": "Person", "@id": "c", "headline": "x"},
		{"@type": "WebPage", "@id": "d", "pageStart": "x"},
		{"@type": "Article", "@id": "e", "dataset": "x"},
		{"@id": "f", "name": "no type"}
	]`), &graph); err != nil {
		t.Fatal(err)
	}
	got := v.problems(graph, map[string]bool{})
	for _, want := range []string{
		`@graph[0]: @type "BlogPost" is not a schema.org class`,
		`@graph[1]: property "headlin" is not a schema.org property`,
		`@graph[2]: property "headline" is not for a Person`,
		`@graph[3]: property "pageStart" is not for a WebPage`,
		`@graph[5] has no @type and is no reference`,
	} {
		if !slices.ContainsFunc(got, func(p string) bool { return strings.HasPrefix(p, want) }) {
			t.Errorf("the check missed %q; it found:\n%s", want, strings.Join(got, "\n"))
		}
	}
}
