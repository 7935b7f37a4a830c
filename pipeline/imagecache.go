package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"

	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/site"
)

// The derived-file cache of the images step: a task's files and their
// record under <cache>/images/<key[:2]>/<key>/, each file's content hash
// in the record, verified whenever the entry is used.

// processedImage is what processing a source made; it is kept as JSON in
// the cache beside the files.
type processedImage struct {
	Width       int               `json:"width"`
	Height      int               `json:"height"`
	Format      string            `json:"format"`
	Warnings    []string          `json:"warnings,omitempty"`
	Outputs     []processedOutput `json:"outputs"`
	Placeholder *site.Placeholder `json:"placeholder,omitempty"`
}

type processedOutput struct {
	Kind   string `json:"kind"` // "variant" or "crop"
	Aspect string `json:"aspect,omitempty"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Format string `json:"format"`
	Bytes  int64  `json:"bytes"`
	// Name is the output file name: <stem>-<w>x<h>-<hash8>.<ext>, the
	// stem filled in per post.
	Hash string `json:"hash"`
	// Sum is the content hash of the file (cache.Sum), verified whenever
	// the cached file is used.
	Sum string `json:"sum"`
}

func processedDir(derived, key string) string { return filepath.Join(derived, key[:2], key) }

// readProcessed returns a task's outputs from the cache when its record is
// consistent and every file it names holds the bytes its content hash
// says. Anything else is a miss (nil): the task is made again, which
// overwrites the entry. bad says why an entry that is there could not be
// used (a corrupt record or file, one that is not a regular file), nil
// when there was none or it was fine.
func readProcessed(derived, key string) (p *processedImage, bad error) {
	dir := processedDir(derived, key)
	data, err := cache.ReadRegular(filepath.Join(dir, "image.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p, err = parseProcessed(key, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "image.json"), err)
	}
	for _, o := range p.Outputs {
		if err := cache.CheckFile(filepath.Join(dir, o.fileName("f")), o.Bytes, o.Sum); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, nil // removed by hand: only a miss
			}
			return nil, err
		}
	}
	return p, nil
}

// parseProcessed decodes the record of the task key, and checks it is
// one processImage could have written for that key: any other is an error,
// never a panic (a record is read from disk, where anything can be).
func parseProcessed(key string, data []byte) (*processedImage, error) {
	var p processedImage
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, errors.New("unreadable record")
	}
	if len(p.Outputs) == 0 || p.Width <= 0 || p.Height <= 0 || p.Format == "" {
		return nil, errors.New("inconsistent record: no outputs or no size")
	}
	for i, o := range p.Outputs {
		if (o.Kind != "variant" && o.Kind != "crop") || o.Width <= 0 || o.Height <= 0 || o.Bytes <= 0 ||
			(o.Format != "jpeg" && o.Format != "png" && o.Format != "webp") || !cache.IsSum(o.Sum) ||
			o.Hash != outputName(key, o.Kind, o.Aspect, o.Width, o.Format) {
			return nil, fmt.Errorf("inconsistent record: output %d", i)
		}
	}
	return &p, nil
}

// outputName is the hash in the name of one output of the task key.
func outputName(key, kind, aspect string, width int, format string) string {
	return cache.NewKeyer().AddString(key).AddString(kind).AddString(aspect).
		AddString(strconv.Itoa(width)).AddString(format).Sum()
}

// fileName is the output's file name with stem.
func (o processedOutput) fileName(stem string) string {
	ext := o.Format
	if ext == "jpeg" {
		ext = "jpg"
	}
	return fmt.Sprintf("%s-%dx%d-%s.%s", stem, o.Width, o.Height, o.Hash[:8], ext)
}
