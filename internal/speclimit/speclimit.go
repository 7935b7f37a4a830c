// Package speclimit holds the numbers the specs seopipe writes to set: the
// sitemaps.org protocol, Google's sitemap extensions and article-image
// guidance, and X's cards. Each is here once, for the writers that keep to
// it (sitemap, site, pipeline) and for verify, which checks the output
// against it; each names the rule of docs/rules.md it comes from, as the
// messages that cite it do.
//
// The package has constants only.
package speclimit

import "time"

// Sitemaps (sitemaps.org protocol).
const (
	// SitemapURLs is the most <url> entries in one urlset file (rule 2).
	SitemapURLs = 50_000
	// SitemapBytes is the largest uncompressed sitemap file, 50 MiB
	// (rule 2).
	SitemapBytes = 52_428_800
	// SitemapIndexEntries is the most <sitemap> entries in a sitemap
	// index (rule 2).
	SitemapIndexEntries = 50_000
	// LocLength is the longest <loc>, in characters (rule 3).
	LocLength = 2_048
)

// Google's sitemap extensions.
const (
	// ImagesPerURL is the most image:image entries for one <url> (rule 6).
	ImagesPerURL = 1_000
	// NewsURLs is the most URLs in one news sitemap (rule 7).
	NewsURLs = 1_000
	// NewsWindow is how recent, by the build clock, a post must be to be in
	// the news sitemap (rule 7).
	NewsWindow = 48 * time.Hour
)

// Images in the article's JSON-LD and the head's cards.
const (
	// ArticleImagePixels is the least width×height Google takes as an
	// article image (rule 22): smaller crops are not the article's.
	ArticleImagePixels = 50_000
	// LargeCardWidth and LargeCardHeight are the least X shows as a large
	// card, summary_large_image (rule 18); a smaller image gets the
	// summary card.
	LargeCardWidth, LargeCardHeight = 300, 157
	// LargeCardMaxSide is the largest width or height X takes for a card
	// image (rule 18).
	LargeCardMaxSide = 4_096
	// AspectTolerance is how far, as a fraction of the wanted ratio, an
	// article image's aspect may be from its crop's (rule 22).
	AspectTolerance = 0.01
	// LogoMinSide is the least width and height of the publisher's logo
	// Google asks for (rule 21).
	LogoMinSide = 112
)
