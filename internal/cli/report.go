package cli

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/outfs"
	"github.com/seopipe/seopipe/internal/version"
	"github.com/seopipe/seopipe/pipeline"
)

// report is the JSON written by --report FILE.
type report struct {
	Version     string `json:"version"`
	OK          bool   `json:"ok"`
	Interrupted bool   `json:"interrupted,omitempty"`
	// Unchecked: interrupted after the commit, during the self-check.
	Unchecked bool                `json:"unchecked,omitempty"`
	Fatal     string              `json:"fatal,omitempty"`
	Counts    reportCounts        `json:"counts"`
	Images    pipeline.ImageStats `json:"images"`
	Cards     pipeline.CardStats  `json:"cards"`
	Errors    []reportProblem     `json:"errors"`
	Warnings  []reportProblem     `json:"warnings"`
	Files     []string            `json:"files"`
	Bytes     int64               `json:"bytes"`
	Stages    []reportStage       `json:"stages"`
	ElapsedMS float64             `json:"elapsedMs"`
}

type reportCounts struct {
	Found     int `json:"found"`
	Sections  int `json:"sections"`
	Published int `json:"published"`
	Drafts    int `json:"drafts"`
	Future    int `json:"future"`
	Expired   int `json:"expired"`
	Headless  int `json:"headless"`
	// NotPosts are a generator's pages that are not posts.
	NotPosts  int `json:"notPosts,omitempty"`
	Failed    int `json:"failed"`
	Written   int `json:"written"`
	Unchanged int `json:"unchanged"`
	// ParsedFromCache, PostsKept and FindingsReused are what the build
	// reused from the last one: parsed files, posts whose SEO files were
	// kept, and posts whose self-check finding was taken without reading
	// their files again.
	ParsedFromCache int `json:"parsedFromCache"`
	PostsKept       int `json:"postsKept"`
	FindingsReused  int `json:"findingsReused"`
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
func writeReport(path string, res *pipeline.Result, runErr error, contentRel, outRel string) error {
	rp := report{
		Version: version.String(),
		OK:      runErr == nil && res.Errors() == 0 && !res.Stopped,
		Counts: reportCounts{Found: res.Found - res.Sections - res.Headless - res.NotPosts, NotPosts: res.NotPosts, Sections: res.Sections, Published: res.Published,
			Drafts: res.Drafts, Future: res.Future, Expired: res.Expired, Headless: res.Headless, Failed: res.Failed, Written: res.Written, Unchanged: res.Unchanged,
			ParsedFromCache: res.ParsedFromCache, PostsKept: res.PostsKept, FindingsReused: res.FindingsReused},
		Images:    res.Images,
		Cards:     res.Cards,
		Errors:    []reportProblem{},
		Warnings:  []reportProblem{},
		Files:     res.Files,
		Bytes:     res.Bytes,
		ElapsedMS: float64(res.Elapsed.Microseconds()) / 1000,
		Unchecked: res.Unchecked,
	}
	switch {
	case errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded):
		rp.Interrupted = true
	case runErr != nil:
		rp.Fatal = diag.Escape(runErr.Error())
	}
	if rp.Files == nil {
		rp.Files = []string{}
	}
	add := func(probs []diag.Problem, dir string) {
		for _, p := range probs {
			p = relocate(p, dir)
			q := reportProblem{Path: diag.Escape(p.Path), Line: p.Line, Field: diag.Escape(p.Field), Message: p.Text()}
			if p.Severity == diag.Error {
				rp.Errors = append(rp.Errors, q)
			} else {
				rp.Warnings = append(rp.Warnings, q)
			}
		}
	}
	add(res.Problems, contentRel)
	add(res.OutputProblems, outRel)
	rp.Stages = []reportStage{} // [] when no stage ran (a config error), as files and errors
	for _, s := range res.Stages {
		rp.Stages = append(rp.Stages, reportStage{Name: s.Name, Items: s.Items, ElapsedMS: float64(s.Elapsed.Microseconds()) / 1000})
	}
	data, err := json.MarshalIndent(rp, "", "  ")
	if err != nil {
		return err
	}
	return outfs.WriteFileAtomic(path, append(data, '\n'))
}
