package verify

import (
	"fmt"
	"image"
	"io/fs"
	"maps"
	"slices"

	"github.com/seopipe/seopipe/internal/diag"
)

// decodeImages decodes, whole, every image and card file posts.json names
// (its variants, crops and cards), one at a time, and reports each that
// does not decode: a header that reads is not enough, since bytes damaged
// after it (a corrupt cache copied out) measure as well as good ones. A
// file that is missing is not reported here.
func (c *Checker) decodeImages() []diag.Problem {
	names := map[string]bool{}
	for _, p := range c.posts {
		for _, f := range p.entry.Files {
			names[f.File] = true
		}
		for _, f := range p.entry.Cards {
			names[f] = true
		}
	}
	delete(names, "")
	var probs []diag.Problem
	for _, name := range slices.Sorted(maps.Keys(names)) {
		f, err := c.fsys.Open(name)
		if !fs.ValidPath(name) || err != nil {
			continue
		}
		_, format, err := image.Decode(f)
		f.Close()
		if err != nil {
			msg := fmt.Sprintf("does not decode as an image: %v", err)
			if format != "" {
				msg = fmt.Sprintf("does not decode as %s: %v", format, err)
			}
			probs = append(probs, diag.Problem{Path: name, Message: msg})
		}
	}
	return probs
}
