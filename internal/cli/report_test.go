package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/cli"
)

func TestReport(t *testing.T) {
	dir := extract(t, "site.txtar", map[string]string{"content/posts/bad.md": badPost})
	r := runCLI(t, context.Background(), dir, nil, "build", "--report", "out/report.json", now)
	if r.code != cli.ExitFailed {
		t.Fatalf("exit %d, want 1:\n%s", r.code, r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	type problem struct {
		Path    string `json:"path"`
		Line    int    `json:"line"`
		Field   string `json:"field"`
		Message string `json:"message"`
	}
	var rep struct {
		Version  string         `json:"version"`
		OK       bool           `json:"ok"`
		Counts   map[string]int `json:"counts"`
		Images   map[string]int `json:"images"`
		Cards    map[string]int `json:"cards"`
		Errors   []problem      `json:"errors"`
		Warnings []problem      `json:"warnings"`
		Files    []string       `json:"files"`
		Bytes    int64          `json:"bytes"`
		Stages   []struct {
			Name      string  `json:"name"`
			Items     int     `json:"items"`
			ElapsedMS float64 `json:"elapsedMs"`
		} `json:"stages"`
		ElapsedMS float64 `json:"elapsedMs"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("report is not the expected JSON: %v\n%s", err, data)
	}
	wantCounts := map[string]int{"found": 4, "sections": 0, "published": 2, "drafts": 1, "future": 0, "expired": 0, "headless": 0, "failed": 1, "written": 13, "unchanged": 0, "parsedFromCache": 0, "postsKept": 0, "findingsReused": 0}
	if diff := cmp.Diff(wantCounts, rep.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	var stages []string
	for _, s := range rep.Stages {
		stages = append(stages, s.Name)
	}
	if diff := cmp.Diff([]string{"load", "validate", "images", "cards", "pages", "seo", "sitemap", "feeds", "manifest", "verify"}, stages); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
	if rep.OK || rep.Version == "" || rep.Bytes == 0 {
		t.Errorf("ok %v, version %q, bytes %d; want false, a version, some bytes", rep.OK, rep.Version, rep.Bytes)
	}
	if len(rep.Errors) != 1 {
		t.Fatalf("errors = %+v, want one", rep.Errors)
	}
	e := rep.Errors[0]
	if e.Path != "content/posts/bad.md" || e.Line != 3 || e.Field != "title" || e.Message == "" {
		t.Errorf("error = %+v, want content/posts/bad.md line 3 field title", e)
	}
	if rep.Warnings == nil || len(rep.Warnings) != 0 {
		t.Errorf("warnings = %#v, want an empty list", rep.Warnings)
	}
	var cardFiles []string
	for _, f := range rep.Files {
		if strings.HasPrefix(f, "cards/") {
			cardFiles = append(cardFiles, f)
		}
	}
	if len(cardFiles) != 3 || !slices.Contains(cardFiles, "cards/index.html") {
		t.Errorf("card files %q, want two cards and cards/index.html", cardFiles)
	}
	wantFiles := []string{"atom.xml"}
	wantFiles = append(wantFiles, cardFiles...)
	wantFiles = append(wantFiles, "feed.json", "feed.xml", "posts.json", "robots.txt",
		"seo/first/head.html", "seo/first/schema.jsonld", "seo/second/head.html", "seo/second/schema.jsonld", "sitemap.xml")
	if diff := cmp.Diff(wantFiles, rep.Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}

	// A clean check writes an ok report with empty lists, and nothing else.
	dir = extract(t, "site.txtar", nil)
	r = runCLI(t, context.Background(), dir, nil, "check", "--report", "report.json", now)
	if r.code != cli.ExitOK {
		t.Fatalf("check: exit %d:\n%s", r.code, r.stderr)
	}
	data, err = os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"ok": true`, `"errors": []`, `"files": []`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("clean report lacks %s:\n%s", want, data)
		}
	}
}

// TestReportOnConfigError: the report of a run that never started lists
// its stages, files and problems as empty arrays, not null.
func TestReportOnConfigError(t *testing.T) {
	dir := extract(t, "site.txtar", map[string]string{"seopipe.yaml": "site:\n  url: https://example.com/\n  titel: x\n"})
	r := runCLI(t, context.Background(), dir, nil, "build", "--report", "report.json", now)
	if r.code != cli.ExitUsage {
		t.Fatalf("exit %d, want %d:\n%s", r.code, cli.ExitUsage, r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep map[string]any
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"stages", "files", "errors", "warnings"} {
		if _, ok := rep[k].([]any); !ok {
			t.Errorf("report %s is %v, want an array", k, rep[k])
		}
	}
}
