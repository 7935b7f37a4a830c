// Package generator reads a site generator's own project — Hugo's or
// Jekyll's config, content tree and front matter rules — to learn what the
// generator does with each post: whether it publishes a page for it, at
// which URL, in which language, paired with which translations. The rule
// is that a post's URL is the one its generator gives it (issue 17): the
// generators are the oracle, and the tests build fixtures with the real
// ones and compare.
//
// This package finds a project (Detect) and holds the types every
// generator's reader shares; each generator has its own package
// (generator/hugo, generator/jekyll) that returns a Site. Like every leaf
// package it is synchronous and never imports the pipeline or the CLI.
package generator

import (
	"time"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// Kind names a generator, as site.generator does.
type Kind string

// The values of site.generator.
const (
	// Auto finds the project from its files (Detect); none found is None.
	Auto Kind = "auto"
	// None is seopipe's own rules: content.dir, site.permalink.
	None   Kind = "none"
	Hugo   Kind = "hugo"
	Jekyll Kind = "jekyll"
)

// Kinds lists the values site.generator takes, for its error message.
var Kinds = []Kind{Auto, Hugo, Jekyll, None}

// Site is a generator's project as read from its config: what decides
// which posts it publishes and at which URLs. A Site is read once per run
// and is safe for concurrent reads.
type Site interface {
	// Kind is the generator.
	Kind() Kind
	// Root is the project's root directory, absolute: where the
	// generator's config is. Every post's Source is relative to it,
	// slash-separated ("content/posts/a.md", "_posts/2024-05-07-a.md").
	Root() string
	// Config names the config files read, relative to Root, in the order
	// they were merged: what the build summary says it found.
	Config() []string
	// Info is what the config says of the whole site.
	Info() Info
	// Roots are the directories under Root whose Markdown files are the
	// site's posts (and Hugo's section pages), slash-separated and
	// relative to Root, in the order to walk them: Hugo's content dir (one
	// per language with contentDir), Jekyll's _posts and the collections
	// it outputs. Include tells which files of them are candidates.
	Roots() []Root
	// Pages decides, for every parsed file of the Roots (posts and
	// section pages, in any order), whether and where the generator
	// publishes it. It is given them all at once because a file's URL can
	// depend on others (Hugo's cascade from _index.md, translations).
	// The result has one Page per post that is not a section page, in
	// the order of all. A problem names the file and line (a config's or
	// a post's) and the field; an error fails that post only.
	Pages(all []*post.Post) ([]Page, []diag.Problem)
}

// Info is what a generator's config says of the site as a whole.
type Info struct {
	// BaseURL is the site's URL from the config (Hugo's baseURL, Jekyll's
	// url + baseurl), "" when it has none. site.url, when set, wins.
	BaseURL string
	// Title and Language are the config's, "" when it has none: defaults
	// for site.title and site.language.
	Title, Language string
	// Location is the time zone the generator reads dates without an
	// offset in and fills date placeholders in (Jekyll's timezone), nil
	// for the machine-independent default (UTC).
	Location *time.Location
	// Drafts, Future and Expired are the config's own publication
	// switches (Hugo's buildDrafts, buildFuture, buildExpired; Jekyll's
	// show_drafts, future): set, they publish what seopipe's rules
	// would leave out, as --drafts and --future do.
	Drafts, Future, Expired bool
	// Languages are the site's languages, the default first; nil for a
	// site in one language.
	Languages []string
}

// Root is a directory of posts.
type Root struct {
	// Dir is slash-separated and relative to the Site's Root.
	Dir string
	// Lang is the language of every post under Dir (Hugo's contentDir per
	// language), or "" when each file says its own.
	Lang string
}

// Page is what a generator does with one post.
type Page struct {
	// Source is the post's, as given to Pages.
	Source string
	// Render is false when the generator makes no page of its own for
	// the post (Hugo's build.render: never or link, headless; Jekyll's
	// published: false): the post is left out of every output.
	Render bool
	// List is false when the generator keeps the post out of its lists
	// (Hugo's build.list: never): it has a page, and is left out of the
	// feeds and the sitemaps.
	List bool
	// Path is the URL path the generator publishes the page at, from the
	// site's root ("/posts/a/", "/fr/posts/a/", "/2024/05/07/a.html"),
	// percent-encoded. The site's base path (Hugo's baseURL path, Jekyll's
	// baseurl) is not part of it.
	Path string
	// BaseURL is the URL of the host the page is published on when its
	// language has one of its own (Hugo's baseURL per language, a
	// "multihost" site), other than the default language's; "" for the
	// site's URL (site.url). Path is under it.
	BaseURL string
	// Lang is the post's language ("" for the site's), and
	// TranslationKey what pairs it with its translations: pages with
	// one key are one content in several languages.
	Lang, TranslationKey string
	// Aliases are the other paths that redirect to the page (Hugo's
	// aliases, jekyll-redirect-from's redirect_from), listed in
	// posts.json.
	Aliases []string
}
