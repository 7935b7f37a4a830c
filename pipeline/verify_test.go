package pipeline

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/verify"
)

// replace returns a mutation that replaces the n-th (1-based; -1: last)
// occurrence of old with new.
func replace(old, new string, n int) func(string) string {
	return func(s string) string {
		idx := -1
		if n == -1 {
			idx = strings.LastIndex(s, old)
		} else {
			from := 0
			for range n {
				i := strings.Index(s[from:], old)
				if i < 0 {
					return s
				}
				idx, from = from+i, from+i+len(old)
			}
		}
		if idx < 0 {
			return s
		}
		return s[:idx] + new + s[idx+len(old):]
	}
}

// lastBuildDate returns a mutation that sets an RSS channel's
// lastBuildDate to date.
func lastBuildDate(date string) func(string) string {
	re := regexp.MustCompile(`<lastBuildDate>[^<]*</lastBuildDate>`)
	return func(s string) string { return re.ReplaceAllLiteralString(s, "<lastBuildDate>"+date+"</lastBuildDate>") }
}

// goodExample builds the example site, which must build cleanly, and
// returns its output's files.
func goodExample(t *testing.T) map[string]string {
	t.Helper()
	good := t.TempDir()
	checkClean(t, mustRun(t, exampleOptions(t, good, exampleNow)))
	return readTree(t, good)
}

// TestVerifyMutations breaks one thing in a good build of the example site
// and checks that verify names that file and that rule.
func TestVerifyMutations(t *testing.T) {
	t.Parallel()
	files := goodExample(t)

	const (
		harbour     = "https://example.com/engineering/harbour-queue-backpressure/"
		harbourHead = "seo/harbour-queue-backpressure/head.html"
		harbourLD   = "seo/harbour-queue-backpressure/schema.jsonld"
		nimbus      = "https://example.com/cloud-infrastructure/nimbus-labs-chip-alliance/"
	)
	// The harbour post's whole <url> entry, as the build wrote it.
	sm := files["sitemap.xml"]
	start := strings.Index(sm, "<url>\n  <loc>"+harbour+"</loc>")
	if start < 0 {
		t.Fatalf("sitemap.xml has no entry for %s", harbour)
	}
	urlEntry := sm[start : start+strings.Index(sm[start:], "</url>\n")+len("</url>\n")]
	tests := []struct {
		name   string
		file   string
		mutate func(string) string
		// want are substrings of the problems expected, every one of
		// them on file (on, when set).
		want []string
		on   string
	}{
		{
			name:   "og:url is not the canonical URL",
			file:   harbourHead,
			mutate: replace(`<meta property="og:url" content="`+harbour+`">`, `<meta property="og:url" content="`+harbour+`amp/">`, 1),
			want:   []string{`rule 15: og:url "` + harbour + `amp/" is not the canonical URL "` + harbour + `"`},
		},
		{
			name:   "og:image too small for a large card",
			file:   harbourHead,
			mutate: replace(`<meta property="og:image:width" content="1200">`, `<meta property="og:image:width" content="200">`, 1),
			want: []string{"rule 18: twitter:card should be summary with an image under 300×157",
				"rule 16: og:image:width/height say 200×630, the file is 1200×630"},
		},
		{
			name:   "og:image too large for a large card",
			file:   harbourHead,
			mutate: replace(`<meta property="og:image:width" content="1200">`, `<meta property="og:image:width" content="5000">`, 1),
			want: []string{"rule 18: the image is 5000×630, over the 4096×4096 a large card allows",
				"rule 16: og:image:width/height say 5000×630, the file is 1200×630"},
		},
		{
			name:   "og:image size is not the file's",
			file:   harbourHead,
			mutate: replace(`<meta property="og:image:height" content="630">`, `<meta property="og:image:height" content="631">`, 1),
			want:   []string{"rule 16: og:image:width/height say 1200×631, the file is 1200×630"},
		},
		{
			name: "JSON-LD crop size is not the file's",
			file: harbourLD,
			mutate: func(s string) string {
				return regexp.MustCompile(`("width": 1200,\s*"height": )900`).ReplaceAllString(s, "${1}901")
			},
			want: []string{"says 1200×901, the file is 1200×900"},
		},
		{
			name: "JSON-LD without the square crop",
			file: harbourLD,
			mutate: func(s string) string {
				return regexp.MustCompile(`"width": 900,\s*"height": 900`).ReplaceAllString(s, `"width": 900, "height": 600`)
			},
			want: []string{"rule 22: the article's images have no 1:1 crop of at least 50,000 pixels", "says 900×600, the file is 900×900",
				"rule 22: the article has a 900×600 image, none of the crops' aspects [16:9 4:3 1:1]"},
		},
		{
			// The card is the page's primary image, but its 1.91:1 is
			// none of the crops Google's Article guidance asks for.
			name:   "JSON-LD article images with the card",
			file:   harbourLD,
			mutate: replace(`"image": [`, `"image": [{"@id": "`+harbour+`#primaryimage"},`, 1),
			want:   []string{"rule 22: the article has a 1200×630 image, none of the crops' aspects [16:9 4:3 1:1]"},
		},
		{
			name:   "publisher logo under 112×112",
			file:   harbourLD,
			mutate: replace(`"width": 256,`, `"width": 64,`, 1),
			want:   []string{"rule 21: the publisher logo is 64×256, under the 112×112 Google asks for"},
		},
		{
			name:   "RSS pubDate differs",
			file:   "feed.xml",
			mutate: replace("<pubDate>Thu, 02 Oct 2025 09:30:00 +0200</pubDate>", "<pubDate>Fri, 03 Oct 2025 09:30:00 +0200</pubDate>", 1),
			want:   []string{"rule 28: " + harbour + ": published date differs: 2025-10-03T09:30:00+02:00 here, 2025-10-02T09:30:00+02:00 in atom.xml"},
		},
		{
			name:   "sitemap lastmod differs",
			file:   "sitemap.xml",
			mutate: replace("<lastmod>2025-10-02T09:30:00+02:00</lastmod>", "<lastmod>2025-10-03T09:30:00+02:00</lastmod>", 1),
			want:   []string{"rule 28: " + harbour + ": modified date differs: 2025-10-03T09:30:00+02:00 here, 2025-10-02T09:30:00+02:00 in atom.xml, feed.json, posts.json, " + harbourHead + ", " + harbourLD},
		},
		{
			name:   "robots.txt without the Sitemap line",
			file:   "robots.txt",
			mutate: replace("Sitemap: https://example.com/sitemap.xml\n", "", 1),
			want:   []string{`rule 9: no "Sitemap: https://example.com/sitemap.xml" line`},
		},
		{
			name:   "dangling @id in the JSON-LD",
			file:   harbourLD,
			mutate: replace(`"@type": "BlogPosting",`, `"@type": "BlogPosting", "about": {"@id": "`+harbour+`#nope"},`, 1),
			want:   []string{`rule 21: @id "` + harbour + `#nope" is referenced but not defined in the graph`},
		},
		{
			name:   "breadcrumb position skips one",
			file:   harbourLD,
			mutate: replace(`"position": 3`, `"position": 4`, 1),
			want:   []string{"rule 23: breadcrumb item 3 has position 4"},
		},
		{
			name:   "JSON Feed version",
			file:   "feed.json",
			mutate: replace(`"version": "https://jsonfeed.org/version/1.1"`, `"version": "https://jsonfeed.org/version/1"`, 1),
			want:   []string{`rule 14: version "https://jsonfeed.org/version/1" is not https://jsonfeed.org/version/1.1`},
		},
		{
			name:   "loc on another host",
			file:   "sitemap.xml",
			mutate: replace("<loc>"+harbour+"</loc>", "<loc>https://example.org/engineering/harbour-queue-backpressure/</loc>", 1),
			want: []string{`rule 3: loc "https://example.org/engineering/harbour-queue-backpressure/" is not an absolute URL on https://example.com/`,
				"rule 28: " + harbour + ": no sitemap lists the post"},
		},
		{
			name:   "duplicate url",
			file:   "sitemap.xml",
			mutate: replace(urlEntry, urlEntry+urlEntry, 1),
			want:   []string{`rule 3: loc "` + harbour + `" is also in sitemap.xml`},
		},
		{
			name: "news publication_date outside 48 hours",
			file: "sitemap-news.xml",
			mutate: replace("<news:publication_date>2025-11-04T00:00:00+01:00</news:publication_date>",
				"<news:publication_date>2025-11-03T10:00:00+01:00</news:publication_date>", 1),
			want: []string{
				"rule 7: " + nimbus + " was published 2025-11-03T10:00:00+01:00, outside the 48 hours before 2025-11-05T12:00:00+01:00",
				"rule 28: " + nimbus + ": published date differs: 2025-11-03T10:00:00+01:00 here",
			},
		},
		{
			name:   "lastmod without a time zone",
			file:   "sitemap.xml",
			mutate: replace("<lastmod>2025-10-02T09:30:00+02:00</lastmod>", "<lastmod>2025-10-02T09:30:00</lastmod>", 1),
			want:   []string{"rule 4: " + harbour + `: "2025-10-02T09:30:00" is not a W3C datetime with a time zone`},
		},
		{
			// The English variant stops listing the French one.
			name: "hreflang not reciprocal",
			file: "sitemap.xml",
			mutate: replace(`  <xhtml:link rel="alternate" hreflang="fr" href="https://example.com/developer-tools/cache-de-build-zurich/"/>`+"\n",
				"", -1),
			want: []string{"rule 8: https://example.com/developer-tools/cache-de-build-zurich/ and https://example.com/developer-tools/zurich-build-cache/ do not list the same alternates"},
		},
		{
			name:   "sitemap not well-formed",
			file:   "sitemap.xml",
			mutate: replace("</urlset>", "</urlst>", 1),
			want:   []string{"invalid XML: XML syntax error"},
		},
		{
			name: "sitemap an empty index",
			file: "sitemap.xml",
			mutate: func(string) string {
				return `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>`
			},
			want: slices.Repeat([]string{"no sitemap lists the post, which is indexable and on the site"}, 9),
		},
		{
			name:   "a lastmod after the build time",
			file:   "sitemap.xml",
			mutate: replace("<lastmod>2025-11-04T00:00:00+01:00</lastmod>", "<lastmod>2030-01-01T00:00:00+01:00</lastmod>", 1),
			want:   []string{"rule 4: https://example.com/: lastmod 2030-01-01T00:00:00+01:00 is after the build time"},
		},
		{
			name:   "a post left out of the sitemap",
			file:   "sitemap.xml",
			mutate: replace(urlEntry, "", 1),
			want:   []string{"rule 28: " + harbour + ": no sitemap lists the post"},
		},
		{
			name:   "a listed post marked noindex",
			file:   harbourHead,
			mutate: replace("<title>", `<meta name="robots" content="max-image-preview:large, NoIndex"><title>`, 1),
			want:   []string{"rule 28: " + harbour + ": listed, but its head.html says noindex"},
			on:     "sitemap.xml",
		},
		{
			name:   "a listed post that keeps out of the sitemaps",
			file:   "posts.json",
			mutate: replace(`"url": "`+harbour+`",`, `"url": "`+harbour+`", "noSitemap": true,`, 1),
			want:   []string{"rule 28: " + harbour + ": listed, but posts.json says noSitemap"},
			on:     "sitemap.xml",
		},
		{
			name:   "RSS without atom:link rel=self",
			file:   "feed.xml",
			mutate: replace(`    <atom:link href="https://example.com/feed.xml" rel="self" type="application/rss+xml"/>`+"\n", "", 1),
			want:   []string{`rule 11: no atom:link rel="self" type="application/rss+xml" href="https://example.com/feed.xml"`},
		},
		{
			// Rule 11 wants a lastBuildDate; the Unix epoch is the
			// placeholder an empty feed used to carry.
			name:   "RSS lastBuildDate 1970",
			file:   "feed.xml",
			mutate: lastBuildDate("Thu, 01 Jan 1970 00:00:00 +0000"),
			want: []string{`rule 11: lastBuildDate "Thu, 01 Jan 1970 00:00:00 +0000" is before 1990`,
				`rule 11: lastBuildDate "Thu, 01 Jan 1970 00:00:00 +0000" is not the newest item's updated date, 2025-11-04T00:00:00+01:00`},
		},
		{
			name:   "RSS lastBuildDate not the newest item's",
			file:   "feed.xml",
			mutate: lastBuildDate("Wed, 05 Nov 2025 12:00:00 +0100"),
			want:   []string{`rule 11: lastBuildDate "Wed, 05 Nov 2025 12:00:00 +0100" is not the newest item's updated date, 2025-11-04T00:00:00+01:00`},
		},
		{
			name:   "category feed lastBuildDate the zero time",
			file:   "category/cloud-infrastructure/feed.xml",
			mutate: lastBuildDate("Mon, 01 Jan 0001 00:00:00 +0000"),
			want: []string{`rule 11: lastBuildDate "Mon, 01 Jan 0001 00:00:00 +0000" is before 1990`,
				`rule 11: lastBuildDate "Mon, 01 Jan 0001 00:00:00 +0000" is not the newest item's updated date, 2025-11-04T00:00:00+01:00`},
		},
		{
			name:   "Atom updated 1970",
			file:   "atom.xml",
			mutate: replace("<updated>2025-11-04T00:00:00+01:00</updated>", "<updated>1970-01-01T00:00:00Z</updated>", 1),
			want: []string{`rule 13: feed updated "1970-01-01T00:00:00Z" is before 1990`,
				"rule 13: feed updated 1970-01-01T00:00:00Z is not the newest entry's 2025-11-04T00:00:00+01:00"},
		},
		{
			name:   "Atom without link rel=self",
			file:   "atom.xml",
			mutate: replace(`  <link rel="self" type="application/atom+xml" href="https://example.com/atom.xml"/>`+"\n", "", 1),
			want:   []string{`rule 13: the feed needs an id and link rel="self"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig, ok := files[tt.file]
			if !ok {
				t.Fatalf("the build wrote no %s", tt.file)
			}
			mutated := tt.mutate(orig)
			if mutated == orig {
				t.Fatalf("the mutation did not change %s: the fixture moved on", tt.file)
			}
			dir := t.TempDir()
			writeTree(t, dir, files)
			writeTree(t, dir, map[string]string{tt.file: mutated})

			probs, err := verify.Dir(os.DirFS(dir), verify.Options{Now: exampleNow})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(probs, readAhead(t, os.DirFS(dir), verify.Options{Now: exampleNow})); diff != "" {
				t.Errorf("reading ahead (ReadManifest, Decode, NewFrom) finds other problems than Dir (-Dir +read ahead):\n%s", diff)
			}
			for _, w := range tt.want {
				found := false
				for _, p := range probs {
					found = found || strings.Contains(p.Message, w)
				}
				if !found {
					t.Errorf("no problem says %q; got:\n%s", w, problemLines(probs))
				}
			}
			on := tt.file
			if tt.on != "" {
				on = tt.on
			}
			for _, p := range probs {
				if p.Path != on {
					t.Errorf("problem names %s, want %s: %s", p.Path, on, p.Error())
				}
			}
			if len(probs) > len(tt.want) {
				t.Errorf("%d problems, want %d:\n%s", len(probs), len(tt.want), problemLines(probs))
			}
		})
	}
}

// readAhead checks fsys as the build does: posts.json read twice (the
// second time from the entries of the first), the sitemap decoded ahead,
// then every post.
func readAhead(t *testing.T, fsys fs.FS, o verify.Options) []diag.Problem {
	t.Helper()
	first, err := verify.ReadManifest(fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := verify.ReadManifest(fsys, first.Entries())
	if err != nil {
		t.Fatal(err)
	}
	v, err := verify.NewFrom(fsys, o, m, verify.Decode(fsys))
	if err != nil {
		t.Fatal(err)
	}
	for i := range v.Posts() {
		v.CheckPost(i)
	}
	return v.Problems()
}

// TestVerifyConcurrentMatchesDir checks that the Checker path the build
// takes — New, CheckPost from several goroutines in any order, Problems —
// finds exactly what Dir finds, on an output broken in many posts' files
// at once (run it with -race).
func TestVerifyConcurrentMatchesDir(t *testing.T) {
	t.Parallel()
	files := goodExample(t)
	dir := t.TempDir()
	writeTree(t, dir, files)
	var heads []string // seo/<slug>/head.html, sorted
	for name := range files {
		if strings.HasPrefix(name, "seo/") && strings.HasSuffix(name, "/head.html") {
			heads = append(heads, name)
		}
	}
	slices.Sort(heads)
	broken := map[string]string{}
	for i, head := range heads {
		h, ld := files[head], files[strings.TrimSuffix(head, "head.html")+"schema.jsonld"]
		switch i % 3 {
		case 0: // rules 15 and 28
			h = replace(`<meta property="og:image" content="https://`, `<meta property="og:image" content="https://other.example/`, 1)(h)
			h = replace(`<meta property="og:type" content="article">`, `<meta property="og:type" content="website">`, 1)(h)
		case 1: // rules 15–20: the head ends before the title
			h = replace(`<title>`, `<div></div><title>`, 1)(h)
		}
		if i%2 == 0 { // rules 23 and 28
			ld = replace(`"position": 2`, `"position": 5`, 1)(ld)
			ld = replace(`"datePublished": "20`, `"datePublished": "19`, 1)(ld)
		}
		for name, data := range map[string]string{head: h, strings.TrimSuffix(head, "head.html") + "schema.jsonld": ld} {
			if data != files[name] {
				broken[name] = data
			}
		}
	}
	broken["feed.xml"] = replace("<pubDate>Thu, 02 Oct 2025 09:30:00 +0200</pubDate>", "<pubDate>Fri, 03 Oct 2025 09:30:00 +0200</pubDate>", 1)(files["feed.xml"])
	writeTree(t, dir, broken)
	if err := os.Remove(filepath.Join(dir, heads[len(heads)-1])); err != nil { // a missing file
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	opts := verify.Options{Now: exampleNow}

	want, err := verify.Dir(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	n28 := 0
	for _, p := range want {
		if strings.Contains(p.Message, "rule 28:") {
			n28++
		}
	}
	if len(want) < len(broken) || n28 < len(heads)/2 {
		t.Fatalf("the broken output has only %d problems (%d of rule 28): the fixture moved on?\n%s", len(want), n28, problemLines(want))
	}

	for round := range 8 {
		v, err := verify.New(fsys, opts)
		if err != nil {
			t.Fatal(err)
		}
		// Six workers take the posts in an order that changes each round.
		order := rand.New(rand.NewPCG(uint64(round), 28)).Perm(v.Posts())
		var next atomic.Int64
		var wg sync.WaitGroup
		for range 6 {
			wg.Go(func() {
				for k := next.Add(1) - 1; k < int64(len(order)); k = next.Add(1) - 1 {
					v.CheckPost(order[k])
				}
			})
		}
		wg.Wait()
		got := v.Problems()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("round %d: New/CheckPost/Problems differ from Dir (-Dir +Checker):\n%s", round, diff)
		}
		if diff := cmp.Diff(got, v.Problems()); diff != "" {
			t.Fatalf("round %d: Problems differs when called again:\n%s", round, diff)
		}
	}
}

// problemLines formats problems one per line, for failure messages.
func problemLines(probs []diag.Problem) string {
	var b strings.Builder
	for _, p := range probs {
		b.WriteString("  " + p.Error() + "\n")
	}
	return b.String()
}

// TestVerifyWithoutClock is "seopipe check --output" without --now, a year
// after the build: the news window is checked as a span of at most 48
// hours, which the build's output passes, and a wider one fails.
func TestVerifyWithoutClock(t *testing.T) {
	good := t.TempDir()
	checkClean(t, mustRun(t, exampleOptions(t, good, exampleNow)))
	probs, err := verify.Dir(os.DirFS(good), verify.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Fatalf("the build's own output, checked without its clock:\n%s", problemLines(probs))
	}
	news := filepath.Join(good, "sitemap-news.xml")
	data := string(readFile(t, news))
	// The harbour post added with its own date, a month before the one
	// article: each date agrees with the other files (rule 28), but no
	// build clock has both in its window.
	start, end := strings.Index(data, "<url>"), strings.Index(data, "</url>")+len("</url>")
	if start < 0 || end < start {
		t.Fatal("sitemap-news.xml has no <url>: the fixture moved on")
	}
	const (
		harbour = "https://example.com/engineering/harbour-queue-backpressure/"
		nimbus  = "https://example.com/cloud-infrastructure/nimbus-labs-chip-alliance/"
	)
	older := strings.Replace(data[start:end], "<news:publication_date>2025-11-04T00:00:00+01:00</news:publication_date>",
		"<news:publication_date>2025-10-02T09:30:00+02:00</news:publication_date>", 1)
	older = strings.Replace(older, "<loc>"+nimbus+"</loc>", "<loc>"+harbour+"</loc>", 1)
	wide := data[:end] + "\n" + older + data[end:]
	if !strings.Contains(older, harbour) || strings.Contains(older, "2025-11-04") {
		t.Fatal("the mutation did not change sitemap-news.xml: the fixture moved on")
	}
	writeTree(t, good, map[string]string{"sitemap-news.xml": wide})
	probs, err = verify.Dir(os.DirFS(good), verify.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "rule 7: " + harbour + " was published 2025-10-02T09:30:00+02:00 and " + nimbus + " 2025-11-04T00:00:00+01:00, more than 48 hours apart"
	if len(probs) != 1 || probs[0].Message != want {
		t.Errorf("want only %q; got:\n%s", want, problemLines(probs))
	}
}

// TestVerifyNamedFiles is check --output on a build with a file gone
// (another build into the same directory removed it, say): every file that
// posts.json, the head tags, picture.html and the sitemaps name must be
// there, and the problem says who names it. A URL under the site outside
// the output's own directories (the site's static share image) is not the
// output's.
func TestVerifyNamedFiles(t *testing.T) {
	files := goodExample(t)
	const (
		key  = "harbour-queue-backpressure"
		head = "seo/" + key + "/head.html"
	)
	// like is the one file of the build named prefix…suffix.
	like := func(prefix, suffix string) string {
		t.Helper()
		var found []string
		for name := range files {
			if strings.HasPrefix(name, prefix) && strings.HasSuffix(name, suffix) {
				found = append(found, name)
			}
		}
		if len(found) != 1 {
			t.Fatalf("files %s…%s: %v, want one: the fixture moved on", prefix, suffix, found)
		}
		return found[0]
	}
	card := like("cards/"+key+"-og-", ".png")
	crop := like("images/"+key+"/harbour-1200x675-", ".jpg")
	largest := like("images/"+key+"/harbour-1440x810-", ".jpg")
	picture := "seo/" + key + "/picture.html"
	otherCard := "cards/" + key + "-og-00000000.png"

	tests := []struct {
		name   string
		remove []string
		mutate map[string]func(string) string
		want   []string // problems as path: message
	}{
		{name: "every file there"},
		{
			name:   "a card",
			remove: []string{card},
			want:   []string{card + ": missing, though posts.json, " + head + " and sitemap.xml name it"},
		},
		{
			name:   "a crop and the largest variant",
			remove: []string{crop, largest},
			want: []string{
				crop + ": missing, though posts.json and sitemap.xml name it",
				largest + ": missing, though posts.json and " + picture + " name it",
			},
		},
		{
			name:   "picture.html",
			remove: []string{picture},
			want:   []string{picture + ": missing, though posts.json names it"},
		},
		{
			name:   "head tags of another build",
			mutate: map[string]func(string) string{head: func(s string) string { return strings.ReplaceAll(s, "/"+card+`"`, "/"+otherCard+`"`) }},
			want:   []string{otherCard + ": missing, though " + head + " names it"},
		},
		{
			name:   "the site's own share image",
			mutate: map[string]func(string) string{head: func(s string) string { return strings.ReplaceAll(s, "/"+card+`"`, `/images/share.png"`) }},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, files)
			for _, name := range tt.remove {
				if err := os.Remove(filepath.Join(dir, name)); err != nil {
					t.Fatal(err)
				}
			}
			for name, mutate := range tt.mutate {
				writeTree(t, dir, map[string]string{name: mutate(files[name])})
			}
			probs, err := verify.Dir(os.DirFS(dir), verify.Options{Now: exampleNow, NamedFiles: true})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range probs {
				// What the rules say of a changed og:image (its size,
				// rule 28's agreement) is TestVerifyMutations'.
				if !strings.Contains(p.Message, "rule ") {
					got = append(got, p.Path+": "+p.Message)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
