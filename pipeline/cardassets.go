package pipeline

import (
	"context"
	"errors"
	"image"
	"maps"
	"slices"
	"sync"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/images"
	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
)

// asset is a local picture of every card (the logo) or of an author's
// cards (the avatar): read and hashed once per run for the card keys, and
// decoded only once a card that shows it is rendered.
type asset struct {
	hash string // hex SHA-256 of the file; "" when it cannot be read
	data []byte
	once sync.Once
	img  image.Image
	err  error // why data did not decode
}

// asset returns the picture in file, read once per run.
func (cs *cardSetup) asset(file string) *asset {
	cs.assetMu.Lock()
	defer cs.assetMu.Unlock()
	if a, ok := cs.assets[file]; ok {
		return a
	}
	a := &asset{}
	// One that leads outside the site is never read: the load step
	// reported it (siteFileProblems).
	if data, err := readLocalImage(cs.files.Open, file, cs.maxFileBytes); err == nil {
		a.data, a.hash = data, cache.Key(data)
	} else if errors.Is(err, errOverMaxBytes) {
		a.err = err // said as a warning; a missing file the pages step reports
	}
	if cs.assets == nil {
		cs.assets = map[string]*asset{}
	}
	cs.assets[file] = a
	return a
}

// key is the asset's part of a card key; nil and unreadable give "".
func (a *asset) key() string {
	if a == nil {
		return ""
	}
	return a.hash
}

// image decodes the asset once through images.Decode, as every image the
// build reads: one over lim is refused from its header. It
// returns nil when there is no asset or its file could not be read (the
// pages step says so), and an error when the file does not decode.
func (a *asset) image(ctx context.Context, lim images.Limits) (image.Image, error) {
	if a == nil || a.data == nil {
		return nil, nil
	}
	a.once.Do(func() {
		src, err := images.Decode(ctx, a.data, lim)
		if err != nil {
			a.err = err
			return
		}
		a.img = src.Img
	})
	return a.img, a.err
}

// images decodes a card's logo and avatar; failed reports that one of them
// is in a file that does not decode (the card is made without it).
func (pics *cardImages) images(ctx context.Context, lim images.Limits) (logo, avatar image.Image, failed bool) {
	logo, lerr := pics.logo.image(ctx, lim)
	avatar, aerr := pics.avatar.image(ctx, lim)
	return logo, avatar, lerr != nil || aerr != nil
}

// assetWarnings says which logo and avatars did not decode for the cards
// rendered, at their config keys, in key order.
func (cs *cardSetup) assetWarnings(cfg *config.Config) []diag.Problem {
	var ps []diag.Problem
	warn := func(key, path string, a *asset) {
		if a == nil || a.err == nil {
			return
		}
		ps = append(ps, configWarning(cfg, key, "%s could not be drawn on the cards: %v; they are made without it", path, a.err))
	}
	warn("site.publisher.logo", cfg.Site.Publisher.Logo, cs.logo)
	cs.assetMu.Lock()
	defer cs.assetMu.Unlock()
	for _, name := range slices.Sorted(maps.Keys(cfg.Site.Authors)) {
		a := cfg.Site.Authors[name]
		if a == nil || a.Image == "" || content.IsRemote(a.Image) {
			continue
		}
		if as := cs.assets[staticFile(cfg, a.Image)]; as != cs.logo { // the logo's file is said once
			warn("site.authors."+name+".image", a.Image, as)
		}
	}
	return ps
}
