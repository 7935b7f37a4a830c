package content

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Layouts accepted for dates, tried in order. Layouts without a zone are read
// in the site's time zone.
var (
	zonedLayouts = []string{
		time.RFC3339Nano,
		"2006-01-02T15:04:05Z0700",
		"2006-01-02 15:04:05Z07:00",
		"2006-01-02 15:04:05 -0700",
		"2006-01-02 15:04:05 -07:00",
		"2006-01-02 15:04:05-0700",      // Ruby's Time.parse takes the offset without a space
		"2006-01-02 15:04:05 -0700 MST", // Jekyll's own output
		"2006-01-02T15:04Z07:00",
		"2006-01-02 15:04 -0700",
		time.RFC1123Z,
		// The layouts below name the zone by its abbreviation alone, which
		// says an offset only for UTC and GMT (zoneByName).
		time.RFC1123,
		"2006-01-02 15:04:05 MST", // Ruby's Time#to_s: "2024-05-09 10:00:00 UTC"
	}
	localLayouts = []string{
		"2006-01-02",
		"2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04:05.999999999",
		"2006-01-02T15:04",
		"2006-01-02 15:04",
		// English month names, date only, as Astro's starter blog writes
		// them (pubDate: 'Jul 08 2022'). "2" takes one or two digits, and
		// month names match without regard to case.
		"Jan 2 2006",
		"Jan 2, 2006",
		"January 2 2006",
		"January 2, 2006",
		"2 Jan 2006",
		"2 January 2006",
	}
)

// ParseDate reads a front-matter date: "2025-11-07", RFC 3339,
// "2025-11-07 10:00", a date with an English month name ("Jul 08 2022",
// "July 8, 2022", "8 Jul 2022"), a YAML timestamp or a time.Time from TOML.
// A date without a zone is in loc; one whose wall time loc skips (a
// daylight-saving gap) is moved forward by the gap (see localTime). An
// impossible date ("2025-13-45") is an error that says why.
func ParseDate(v any, loc *time.Location) (time.Time, error) {
	t, _, err := parseDate(v, loc)
	return t, err
}

// parseDate is ParseDate, also returning a warning, or "", for a wall time
// loc skips.
func parseDate(v any, loc *time.Location) (time.Time, string, error) {
	switch t := v.(type) {
	case time.Time:
		return t, "", nil
	case string:
		return parseDateString(strings.TrimSpace(t), loc)
	case nil:
		return time.Time{}, "", errors.New("is empty")
	}
	return time.Time{}, "", fmt.Errorf("must be a date such as \"2025-11-07\" or RFC 3339, got %s", describe(v))
}

func parseDateString(s string, loc *time.Location) (time.Time, string, error) {
	if s == "" {
		return time.Time{}, "", errors.New("is empty")
	}
	var firstErr error
	for _, l := range zonedLayouts {
		t, err := time.Parse(l, s)
		if err == nil {
			if strings.HasSuffix(l, "MST") && !strings.Contains(l, "-0700") {
				if name, _ := t.Zone(); name != "UTC" && name != "GMT" {
					// Go reads an abbreviation it does not know as UTC, and
					// one the machine's own zone uses with that zone's
					// offset: "CET" would mean two things on two machines.
					return time.Time{}, "", fmt.Errorf("invalid date %q: the zone %q says no offset: write it as a number (%s +01:00)", s, name, t.Format("2006-01-02T15:04:05"))
				}
				t = t.UTC()
			}
			return t, "", nil
		}
		if firstErr == nil && rangeError(err) {
			firstErr = err
		}
	}
	for _, l := range localLayouts {
		// Parsed in UTC, the fields are the wall time as written.
		w, err := time.Parse(l, s)
		if err == nil {
			t, note := localTime(w, loc)
			return t, note, nil
		}
		if firstErr == nil && rangeError(err) {
			firstErr = err
		}
	}
	if firstErr != nil {
		var pe *time.ParseError
		if errors.As(firstErr, &pe) && pe.Message != "" {
			// pe.Message reads ": month out of range".
			return time.Time{}, "", fmt.Errorf("invalid date %q: %s", s, strings.TrimPrefix(pe.Message, ": "))
		}
		return time.Time{}, "", fmt.Errorf("invalid date %q", s)
	}
	return time.Time{}, "", fmt.Errorf("invalid date %q: use YYYY-MM-DD, \"YYYY-MM-DD hh:mm\", RFC 3339 or \"Jul 8 2022\"", s)
}

// rangeError tells a well-formed but impossible date (month 13, day 45) from
// a string in some other layout.
func rangeError(err error) bool {
	var pe *time.ParseError
	return errors.As(err, &pe) && strings.Contains(pe.Message, "out of range")
}

// localTime returns the instant at which the clocks of loc show the wall time
// that w's fields name (w's own zone is ignored), and a warning when they
// never show it.
//
// In a gap, where the clocks skip forward (02:30 on the night New York starts
// daylight saving time), time.Date picks an instant whose wall clock differs
// from the one written, in either direction depending on the zone: 01:30 EST
// in New York, 03:30 CEST in Malta. Such a time is moved forward by the
// length of the gap, as java.time does (02:30 becomes 03:30 EDT), and the
// warning says so. A wall time the clocks show twice (where they fall back)
// is left to time.Date, which keeps the wall time as written; no warning.
func localTime(w time.Time, loc *time.Location) (time.Time, string) {
	y, mo, d := w.Date()
	h, mi, s := w.Clock()
	t := time.Date(y, mo, d, h, mi, s, w.Nanosecond(), loc)
	ty, tmo, td := t.Date()
	th, tmi, ts := t.Clock()
	shown := time.Date(ty, tmo, td, th, tmi, ts, t.Nanosecond(), time.UTC)
	written := time.Date(y, mo, d, h, mi, s, w.Nanosecond(), time.UTC)
	if shown.Equal(written) {
		return t, ""
	}
	// The instants the wall time names in the offsets before and after the
	// gap are t and t moved by the difference of wall times; the later one
	// is the time moved forward by the gap.
	if alt := t.Add(written.Sub(shown)); alt.After(t) {
		t = alt
	}
	taken := t.Format(clockLayout(t))
	if t.YearDay() != written.YearDay() || t.Year() != written.Year() {
		taken = t.Format("2006-01-02 " + clockLayout(t))
	}
	return t, fmt.Sprintf("%s does not exist in %s (the clocks skip it); taken as %s %s",
		written.Format("2006-01-02 "+clockLayout(written)), loc, taken, t.Format("MST"))
}

// clockLayout is the layout of t's time of day: minutes, and seconds (with
// their fraction) only when t has some.
func clockLayout(t time.Time) string {
	if t.Second() == 0 && t.Nanosecond() == 0 {
		return "15:04"
	}
	return "15:04:05.999999999"
}
