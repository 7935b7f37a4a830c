package content

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Malta without relying on the system's zoneinfo

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

func TestParseDate(t *testing.T) {
	plus1 := time.FixedZone("", 3600)
	tests := []struct {
		name string
		in   any
		want time.Time
	}{
		{"date only, site zone (winter)", "2025-11-07", time.Date(2025, 11, 7, 0, 0, 0, 0, malta)},
		{"date only, site zone (summer)", "2025-07-30", time.Date(2025, 7, 30, 0, 0, 0, 0, malta)},
		{"surrounding space", "  2025-11-07\t", time.Date(2025, 11, 7, 0, 0, 0, 0, malta)},
		{"RFC 3339 with offset", "2025-11-07T10:00:00+01:00", time.Date(2025, 11, 7, 10, 0, 0, 0, plus1)},
		{"RFC 3339 with Z", "2025-11-07T10:00:00Z", time.Date(2025, 11, 7, 10, 0, 0, 0, time.UTC)},
		{"RFC 3339 with fraction", "2025-11-07T10:00:00.123Z", time.Date(2025, 11, 7, 10, 0, 0, 123e6, time.UTC)},
		{"offset without colon", "2025-11-07T10:00:00+0100", time.Date(2025, 11, 7, 10, 0, 0, 0, plus1)},
		{"date and minutes, site zone", "2025-11-07 10:00", time.Date(2025, 11, 7, 10, 0, 0, 0, malta)},
		{"date and T minutes, site zone", "2025-11-07T10:00", time.Date(2025, 11, 7, 10, 0, 0, 0, malta)},
		{"local date-time, site zone", "2025-11-07T10:00:00", time.Date(2025, 11, 7, 10, 0, 0, 0, malta)},
		{"local date-time with a space", "2025-11-07 10:00:00", time.Date(2025, 11, 7, 10, 0, 0, 0, malta)},
		{"Jekyll", "2025-11-07 10:00:00 +0100", time.Date(2025, 11, 7, 10, 0, 0, 0, plus1)},
		{"Jekyll with colon", "2025-11-07 10:00:00 +01:00", time.Date(2025, 11, 7, 10, 0, 0, 0, plus1)},
		{"Jekyll, an offset without a space", "2025-11-07 10:00:00+0100", time.Date(2025, 11, 7, 10, 0, 0, 0, plus1)},
		{"Jekyll minutes", "2025-11-07 10:00 +0100", time.Date(2025, 11, 7, 10, 0, 0, 0, plus1)},
		{"RFC 1123Z", "Fri, 07 Nov 2025 10:00:00 +0100", time.Date(2025, 11, 7, 10, 0, 0, 0, plus1)},
		{"Jekyll's output, offset and abbreviation", "2025-11-07 10:00:00 +0100 CET", time.Date(2025, 11, 7, 10, 0, 0, 0, plus1)},
		{"RFC 1123 in GMT", "Fri, 07 Nov 2025 10:00:00 GMT", time.Date(2025, 11, 7, 10, 0, 0, 0, time.UTC)},
		{"Ruby's Time#to_s in UTC", "2024-05-09 10:00:00 UTC", time.Date(2024, 5, 9, 10, 0, 0, 0, time.UTC)},
		{"Astro's month name", "Jul 08 2022", time.Date(2022, 7, 8, 0, 0, 0, 0, malta)},
		{"month name, one-digit day", "Jul 8 2022", time.Date(2022, 7, 8, 0, 0, 0, 0, malta)},
		{"month name and comma", "Nov 7, 2025", time.Date(2025, 11, 7, 0, 0, 0, 0, malta)},
		{"full month name and comma", "November 7, 2025", time.Date(2025, 11, 7, 0, 0, 0, 0, malta)},
		{"full month name", "November 07 2025", time.Date(2025, 11, 7, 0, 0, 0, 0, malta)},
		{"day first, month name", "7 Nov 2025", time.Date(2025, 11, 7, 0, 0, 0, 0, malta)},
		{"day first, full month name", "07 November 2025", time.Date(2025, 11, 7, 0, 0, 0, 0, malta)},
		{"month name in lower case", "jul 08 2022", time.Date(2022, 7, 8, 0, 0, 0, 0, malta)},
		{"month name in capitals", "JULY 8, 2022", time.Date(2022, 7, 8, 0, 0, 0, 0, malta)},
		{"time.Time as is", time.Date(2025, 11, 7, 10, 0, 0, 0, time.UTC), time.Date(2025, 11, 7, 10, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in, malta)
			if err != nil {
				t.Fatalf("ParseDate(%#v) error: %v", tt.in, err)
			}
			// Equal instants and the same offset: a date read in the wrong
			// zone differs in one or the other.
			if !got.Equal(tt.want) {
				t.Errorf("ParseDate(%#v) = %s, want %s", tt.in, got.Format(time.RFC3339Nano), tt.want.Format(time.RFC3339Nano))
			}
			_, gotOff := got.Zone()
			if _, wantOff := tt.want.Zone(); gotOff != wantOff {
				t.Errorf("ParseDate(%#v) offset = %d, want %d", tt.in, gotOff, wantOff)
			}
		})
	}
}

func TestParseDateNilLocation(t *testing.T) {
	// Parse defaults a nil Location to UTC.
	p, ps := Parse("posts/t.md", []byte("---\ntitle: T\ndate: 2025-11-07\n---\nx\n"), ParseOptions{})
	if p == nil || diag.HasErrors(ps) {
		t.Fatalf("got problems %s, want none", problemList(ps))
	}
	if want := time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC); !p.PublishedAt.Equal(want) || p.PublishedAt.Location() != time.UTC {
		t.Errorf("got %s (%s), want %s in UTC", p.PublishedAt, p.PublishedAt.Location(), want)
	}
}

func TestParseDateErrors(t *testing.T) {
	tests := []struct {
		name  string
		in    any
		wants []string // substrings of the message
	}{
		{"month 13", "2025-13-45", []string{"month out of range", `"2025-13-45"`}},
		{"day 32", "2025-01-32", []string{"day out of range", `"2025-01-32"`}},
		{"February 30", "2025-02-30", []string{"day out of range"}},
		{"hour 25", "2025-11-07T25:00:00Z", []string{"hour out of range"}},
		{"not a date", "not a date", []string{`invalid date "not a date"`, "YYYY-MM-DD"}},
		{"US order", "11/07/2025", []string{`invalid date "11/07/2025"`}},
		{"month name, February 30", "Feb 30 2025", []string{`invalid date "Feb 30 2025": day out of range`}},
		{"month name, day 32", "32 January 2025", []string{"day out of range"}},
		{"no such month", "Jam 08 2022", []string{`invalid date "Jam 08 2022"`, "YYYY-MM-DD"}},
		{"month name without a year", "Jul 08", []string{`invalid date "Jul 08"`}},
		{"month name with a time", "Jul 08 2022 10:00", []string{`invalid date "Jul 08 2022 10:00"`}},
		{"zone abbreviation", "2024-05-09 10:00:00 CET", []string{`the zone "CET" says no offset`, "2024-05-09T10:00:00 +01:00"}},
		{"RFC 1123 zone abbreviation", "Fri, 07 Nov 2025 10:00:00 EST", []string{`the zone "EST" says no offset`}},
		{"empty", "", []string{"is empty"}},
		{"blank", "   ", []string{"is empty"}},
		{"nil", nil, []string{"is empty"}},
		{"number", int64(20251107), []string{"must be a date", "got number 20251107"}},
		{"float", 2025.5, []string{"got number 2025.5"}},
		{"bool", true, []string{"got true/false value true"}},
		{"list", []any{"2025-11-07"}, []string{"got a list of 1 items"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in, malta)
			if err == nil {
				t.Fatalf("ParseDate(%#v) = %s, want an error", tt.in, got)
			}
			if !got.IsZero() {
				t.Errorf("ParseDate(%#v) time = %s, want zero on error", tt.in, got)
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ParseDate(%#v) error = %q, want it to contain %q", tt.in, err, w)
				}
			}
		})
	}
}

// TestParseDatesInFrontMatter checks dates as each format writes them:
// unquoted YAML timestamps, TOML datetimes and local dates (which must come
// out in the site's zone, not in UTC or a "date-local" zone), and JSON text.
func TestParseDatesInFrontMatter(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // RFC 3339, offset included
		zone string // the location's name
	}{
		{"YAML unquoted timestamp Z", "---\ntitle: T\ndate: 2025-08-21T08:00:00Z\n---\nx\n", "2025-08-21T08:00:00Z", "UTC"},
		{"YAML unquoted date", "---\ntitle: T\ndate: 2025-07-30\n---\nx\n", "2025-07-30T00:00:00+02:00", "Europe/Malta"},
		{"YAML unquoted date-time with space", "---\ntitle: T\ndate: 2025-07-30 10:00:00\n---\nx\n", "2025-07-30T10:00:00+02:00", "Europe/Malta"},
		{"YAML quoted date", "---\ntitle: T\ndate: \"2025-11-07\"\n---\nx\n", "2025-11-07T00:00:00+01:00", "Europe/Malta"},
		{"YAML Jekyll date", "---\ntitle: T\ndate: 2025-11-07 10:00:00 +0100\n---\nx\n", "2025-11-07T10:00:00+01:00", ""},
		{"TOML offset datetime", "+++\ntitle = \"T\"\ndate = 2025-11-07T10:00:00+05:30\n+++\nx\n", "2025-11-07T10:00:00+05:30", ""},
		{"TOML UTC datetime", "+++\ntitle = \"T\"\ndate = 2025-11-07T10:00:00Z\n+++\nx\n", "2025-11-07T10:00:00Z", ""},
		{"TOML local date", "+++\ntitle = \"T\"\ndate = 2025-07-30\n+++\nx\n", "2025-07-30T00:00:00+02:00", "Europe/Malta"},
		{"TOML local datetime", "+++\ntitle = \"T\"\ndate = 2025-11-07T10:00:00\n+++\nx\n", "2025-11-07T10:00:00+01:00", "Europe/Malta"},
		{"TOML date as text", "+++\ntitle = \"T\"\ndate = \"2025-11-07 10:00\"\n+++\nx\n", "2025-11-07T10:00:00+01:00", "Europe/Malta"},
		{"JSON text", "{\"title\": \"T\", \"date\": \"2025-11-07\"}\nx\n", "2025-11-07T00:00:00+01:00", "Europe/Malta"},
		{"YAML Astro pubDate", "---\ntitle: T\npubDate: 'Jul 08 2022'\n---\nx\n", "2022-07-08T00:00:00+02:00", "Europe/Malta"},
		{"YAML unquoted month name", "---\ntitle: T\ndate: January 2, 2025\n---\nx\n", "2025-01-02T00:00:00+01:00", "Europe/Malta"},
		{"TOML month name", "+++\ntitle = \"T\"\ndate = \"2 Jan 2025\"\n+++\nx\n", "2025-01-02T00:00:00+01:00", "Europe/Malta"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/t.md", []byte(tt.src), testOpts())
			if p == nil || diag.HasErrors(ps) {
				t.Fatalf("got problems %s, want none", problemList(ps))
			}
			if got := rfc(p.PublishedAt); got != tt.want {
				t.Errorf("got PublishedAt %s, want %s", got, tt.want)
			}
			if tt.zone != "" {
				if got := p.PublishedAt.Location().String(); got != tt.zone {
					t.Errorf("got location %q, want %q", got, tt.zone)
				}
			}
		})
	}
}

// TestParseDateErrorsInFrontMatter checks that a bad date fails the post
// with the key and line it was written at.
func TestParseDateErrorsInFrontMatter(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		want   diag.Problem
		substr string
	}{
		{
			name:   "YAML impossible unquoted date",
			src:    "---\ntitle: T\n\ndate: 2025-13-45\n---\nx\n",
			want:   diag.Problem{Path: "posts/t.md", Line: 4, Field: "date"},
			substr: `invalid date "2025-13-45": month out of range`,
		},
		{
			name:   "JSON impossible date",
			src:    "{\n\"title\": \"T\",\n\"publishedAt\": \"2025-13-45\"\n}\nx\n",
			want:   diag.Problem{Path: "posts/t.md", Line: 3, Field: "publishedAt"},
			substr: "month out of range",
		},
		{
			name:   "TOML text date",
			src:    "+++\ntitle = \"T\"\nlastmod = \"not a date\"\n+++\nx\n",
			want:   diag.Problem{Path: "posts/t.md", Line: 3, Field: "lastmod"},
			substr: `invalid date "not a date"`,
		},
		{
			name:   "YAML number",
			src:    "---\ntitle: T\nupdated: 1730000000\n---\nx\n",
			want:   diag.Problem{Path: "posts/t.md", Line: 3, Field: "updated"},
			substr: "got number 1730000000",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Parse("posts/t.md", []byte(tt.src), testOpts())
			errs := errorsOf(ps)
			if len(errs) != 1 {
				t.Fatalf("got errors %s, want exactly one", problemList(errs))
			}
			got := errs[0]
			if !strings.Contains(got.Message, tt.substr) {
				t.Errorf("got message %q, want it to contain %q", got.Message, tt.substr)
			}
			got.Message = ""
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("problem mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestParseDateSkippedWallTime checks wall times without a zone that the
// site's zone skips (a daylight-saving gap) or shows twice (an overlap).
// A skipped one is moved forward by the gap, whichever way time.Date would
// have gone in that zone, with a warning; one shown twice keeps its wall
// time, with none.
func TestParseDateSkippedWallTime(t *testing.T) {
	newYork := mustLoadLocation("America/New_York")
	santiago := mustLoadLocation("America/Santiago")
	apia := mustLoadLocation("Pacific/Apia")
	tests := []struct {
		name string
		in   string
		loc  *time.Location
		want string // RFC 3339 with fraction
		note string
	}{
		{
			name: "gap, zone west of UTC", in: "2025-03-09 02:30", loc: newYork,
			want: "2025-03-09T03:30:00-04:00",
			note: "2025-03-09 02:30 does not exist in America/New_York (the clocks skip it); taken as 03:30 EDT",
		},
		{
			name: "start of the gap", in: "2025-03-09T02:00:00", loc: newYork,
			want: "2025-03-09T03:00:00-04:00",
			note: "2025-03-09 02:00 does not exist in America/New_York (the clocks skip it); taken as 03:00 EDT",
		},
		{name: "just before the gap", in: "2025-03-09 01:59:59", loc: newYork, want: "2025-03-09T01:59:59-05:00"},
		{name: "end of the gap", in: "2025-03-09 03:00", loc: newYork, want: "2025-03-09T03:00:00-04:00"},
		{
			name: "gap, zone east of UTC", in: "2025-03-30 02:30", loc: malta,
			want: "2025-03-30T03:30:00+02:00",
			note: "2025-03-30 02:30 does not exist in Europe/Malta (the clocks skip it); taken as 03:30 CEST",
		},
		{
			name: "gap with seconds", in: "2025-03-30T02:15:30.5", loc: malta,
			want: "2025-03-30T03:15:30.5+02:00",
			note: "2025-03-30 02:15:30.5 does not exist in Europe/Malta (the clocks skip it); taken as 03:15:30.5 CEST",
		},
		{
			name: "date whose midnight is skipped", in: "2025-09-07", loc: santiago,
			want: "2025-09-07T01:00:00-03:00",
			note: "2025-09-07 00:00 does not exist in America/Santiago (the clocks skip it); taken as 01:00 -03",
		},
		{
			name: "a whole day skipped", in: "2011-12-30 12:00", loc: apia,
			want: "2011-12-31T12:00:00+14:00",
			note: "2011-12-30 12:00 does not exist in Pacific/Apia (the clocks skip it); taken as 2011-12-31 12:00 +14",
		},
		// Shown twice: the wall time is kept, in the offset time.Date gives.
		{name: "overlap, zone west of UTC", in: "2025-11-02 01:30", loc: newYork, want: "2025-11-02T01:30:00-04:00"},
		{name: "overlap, zone east of UTC", in: "2025-10-26 02:30", loc: malta, want: "2025-10-26T02:30:00+01:00"},
		{name: "zone given", in: "2025-03-09T02:30:00-05:00", loc: newYork, want: "2025-03-09T02:30:00-05:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, note, err := parseDate(tt.in, tt.loc)
			if err != nil {
				t.Fatalf("parseDate(%q) error: %v", tt.in, err)
			}
			if d := cmp.Diff(
				[]string{tt.want, tt.note},
				[]string{got.Format(time.RFC3339Nano), note},
			); d != "" {
				t.Errorf("parseDate(%q) [time, note] mismatch (-want +got):\n%s", tt.in, d)
			}
			if g, _ := ParseDate(tt.in, tt.loc); !g.Equal(got) {
				t.Errorf("ParseDate(%q) = %s, want %s as parseDate", tt.in, g, got)
			}
		})
	}
}

// TestSkippedWallTimeInFrontMatter checks the warning for a skipped wall
// time in each format: on the key as written and its line.
func TestSkippedWallTimeInFrontMatter(t *testing.T) {
	opts := ParseOptions{Location: mustLoadLocation("America/New_York"), DefaultLang: "en"}
	const msg = "2025-03-09 02:30 does not exist in America/New_York (the clocks skip it); taken as 03:30 EDT"
	tests := []struct {
		name, format, entry string
		field               string
	}{
		{"YAML text", FormatYAML, "publishedAt: 2025-03-09 02:30", "publishedAt"},
		{"YAML timestamp", FormatYAML, "date: 2025-03-09T02:30:00", "date"},
		{"TOML local date-time", FormatTOML, "pubDate = 2025-03-09T02:30:00", "pubDate"},
		{"TOML text", FormatTOML, `publishedAt = "2025-03-09 02:30"`, "publishedAt"},
		{"JSON", FormatJSON, `"publishedAt": "2025-03-09 02:30"`, "publishedAt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("p.md", []byte(fieldDoc(tt.format, tt.entry)), opts)
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			if got, want := rfc(p.PublishedAt), "2025-03-09T03:30:00-04:00"; got != want {
				t.Errorf("got PublishedAt %s, want %s", got, want)
			}
			want := []diag.Problem{{Path: "p.md", Line: 3, Field: tt.field, Message: msg, Severity: diag.Warning}}
			if d := cmp.Diff(want, ps); d != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", d)
			}
		})
	}
	// A TOML local date-time that is no post date is moved and warned about too.
	p, ps := Parse("p.md", []byte(fieldDoc(FormatTOML, "event = 2025-03-09T02:30:00")), opts)
	if p == nil {
		t.Fatalf("got nil Post; problems: %s", problemList(ps))
	}
	if got, want := rfc(p.Params["event"].(time.Time)), "2025-03-09T03:30:00-04:00"; got != want {
		t.Errorf("got params.event %s, want %s", got, want)
	}
	want := []diag.Problem{{Path: "p.md", Line: 3, Field: "event", Message: msg, Severity: diag.Warning}}
	if d := cmp.Diff(want, ps); d != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", d)
	}
}
