package cli

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/version"
	"github.com/seopipe/seopipe/pipeline"
)

// report is the JSON written by --report FILE.
type report struct {
	Version     string          `json:"version"`
	OK          bool            `json:"ok"`
	Interrupted bool            `json:"interrupted,omitempty"`
	Fatal       string          `json:"fatal,omitempty"`
	Counts      reportCounts    `json:"counts"`
	Errors      []reportProblem `json:"errors"`
	Warnings    []reportProblem `json:"warnings"`
	Files       []string        `json:"files"`
	Bytes       int64           `json:"bytes"`
	Stages      []reportStage   `json:"stages"`
	ElapsedMS   float64         `json:"elapsedMs"`
}

type reportCounts struct {
	Found     int `json:"found"`
	Sections  int `json:"sections"`
	Published int `json:"published"`
	Drafts    int `json:"drafts"`
	Future    int `json:"future"`
	Failed    int `json:"failed"`
	Written   int `json:"written"`
	Unchanged int `json:"unchanged"`
}

type reportProblem struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

type reportStage struct {
	Name      string  `json:"name"`
	Items     int     `json:"items"`
	ElapsedMS float64 `json:"elapsedMs"`
}

// writeReport writes the run's report atomically to path.
func writeReport(path string, res *pipeline.Result, runErr error, contentRel string) error {
	rp := report{
		Version: version.String(),
		OK:      runErr == nil && res.Errors() == 0 && !res.Stopped,
		Counts: reportCounts{Found: res.Found - res.Sections, Sections: res.Sections, Published: res.Published,
			Drafts: res.Drafts, Future: res.Future, Failed: res.Failed, Written: res.Written, Unchanged: res.Unchanged},
		Errors:    []reportProblem{},
		Warnings:  []reportProblem{},
		Files:     res.Files,
		Bytes:     res.Bytes,
		ElapsedMS: float64(res.Elapsed.Microseconds()) / 1000,
	}
	switch {
	case errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded):
		rp.Interrupted = true
	case runErr != nil:
		rp.Fatal = runErr.Error()
	}
	if rp.Files == nil {
		rp.Files = []string{}
	}
	for _, p := range res.Problems {
		q := reportProblem{Path: filepath.ToSlash(filepath.Join(contentRel, filepath.FromSlash(p.Path))), Line: p.Line, Field: p.Field, Message: p.Message}
		if p.Severity == content.Error {
			rp.Errors = append(rp.Errors, q)
		} else {
			rp.Warnings = append(rp.Warnings, q)
		}
	}
	for _, s := range res.Stages {
		rp.Stages = append(rp.Stages, reportStage{Name: s.Name, Items: s.Items, ElapsedMS: float64(s.Elapsed.Microseconds()) / 1000})
	}
	data, err := json.MarshalIndent(rp, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(data, '\n'))
}

// writeFileAtomic writes data to path through a temporary file and a rename.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(f.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(f.Name(), path)
	}
	if werr != nil {
		os.Remove(f.Name())
	}
	return werr
}
