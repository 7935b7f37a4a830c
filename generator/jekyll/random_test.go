package jekyll

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

// TestRandomSitesAgainstJekyll builds sites of posts with random dates
// (times near midnight, offsets, quoted and unquoted), names, slugs and
// categories, under random time zones and permalinks, with jekyll and
// with seopipe, and compares every URL. The seed is fixed: the same
// sites every run.
func TestRandomSitesAgainstJekyll(t *testing.T) {
	if testing.Short() {
		t.Skip("builds sites with jekyll (a few seconds): make test-long runs it")
	}
	bin := jekyllTool(t)
	zones := []string{"America/New_York", "Asia/Tokyo", "Europe/Berlin", "Pacific/Chatham", "America/St_Johns", ""}
	permalinks := []string{"date", "pretty", "ordinal", "weekdate", "none",
		"/:year/:month/:day/:title/", "/:categories/:short_year/:i_month/:i_day/:slug:output_ext",
		"/:w_year/W:week/:w_day/:long_day/:hour:minute:second/:name/", "/blog/:slugified_categories/:y_day/:title"}
	words := []string{"Hello", "world", "iOS", "code_syntax", "v2.0", "café", "C#", "naïve", "x", "Q&A", "2024"}
	rng := rand.New(rand.NewPCG(17, 4))
	for n := range 4 {
		zone := zones[rng.IntN(len(zones))]
		permalink := permalinks[rng.IntN(len(permalinks))]
		ar := &txtar.Archive{}
		cfg := fmt.Sprintf("permalink: %q\n", permalink)
		if zone != "" {
			cfg += "timezone: " + zone + "\n"
		}
		ar.Files = append(ar.Files, txtar.File{Name: "_config.yml", Data: []byte(cfg)})
		for i := range 30 {
			y, m, d := 2020+rng.IntN(5), 1+rng.IntN(12), 1+rng.IntN(28)
			if rng.IntN(4) == 0 { // the turn of a year: ISO weeks
				m, d = []int{1, 12}[rng.IntN(2)], []int{1, 2, 3, 29, 30, 31}[rng.IntN(6)]
			}
			h := []int{0, 1, 2, 22, 23, 12}[rng.IntN(6)]
			mi, s := rng.IntN(60), rng.IntN(60)
			name := words[rng.IntN(len(words))] + "-" + words[rng.IntN(len(words))]
			var fm strings.Builder
			fm.WriteString("---\n")
			switch rng.IntN(5) {
			case 0: // the file name's date
			case 1:
				fmt.Fprintf(&fm, "date: %04d-%02d-%02d %02d:%02d:%02d\n", y, m, d, h, mi, s)
			case 2:
				fmt.Fprintf(&fm, "date: \"%04d-%02d-%02d %02d:%02d:%02d\"\n", y, m, d, h, mi, s)
			case 3:
				fmt.Fprintf(&fm, "date: %04d-%02d-%02d %02d:%02d:%02d %+03d:00\n", y, m, d, h, mi, s, rng.IntN(25)-12)
			case 4:
				fmt.Fprintf(&fm, "date: %04d-%02d-%02d %02d:%02d\n", y, m, d, h, mi)
			}
			if rng.IntN(3) == 0 {
				fmt.Fprintf(&fm, "categories: [%q, %q]\n", words[rng.IntN(len(words))], words[rng.IntN(len(words))])
			}
			if rng.IntN(4) == 0 {
				fmt.Fprintf(&fm, "slug: %q\n", words[rng.IntN(len(words))]+" "+words[rng.IntN(len(words))])
			}
			fm.WriteString("---\nBody.\n")
			dir := "_posts"
			if rng.IntN(4) == 0 {
				dir = words[rng.IntN(3)] + "/_posts"
			}
			ar.Files = append(ar.Files, txtar.File{
				Name: fmt.Sprintf("%s/%04d-%02d-%02d-%s-%d.md", dir, y, m, d, name, i),
				Data: []byte(fm.String()),
			})
		}
		t.Run(fmt.Sprintf("site%d", n), func(t *testing.T) {
			dir := writeArchive(t, ar)
			want := jekyllURLs(t, bin, dir, Options{})
			got, _ := seopipeURLs(t, dir, Options{})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("timezone %q, permalink %q: URLs (-jekyll +seopipe):\n%s", zone, permalink, diff)
			}
		})
	}
}
