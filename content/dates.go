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
		"2006-01-02 15:04:05 -0700 MST", // Jekyll's own output
		"2006-01-02T15:04Z07:00",
		"2006-01-02 15:04 -0700",
		time.RFC1123Z,
		time.RFC1123,
	}
	localLayouts = []string{
		"2006-01-02",
		"2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04:05.999999999",
		"2006-01-02T15:04",
		"2006-01-02 15:04",
	}
)

// ParseDate reads a front-matter date: "2025-11-07", RFC 3339,
// "2025-11-07 10:00", a YAML timestamp or a time.Time from TOML. A date without
// a zone is in loc. An impossible date ("2025-13-45") is an error that says why.
func ParseDate(v any, loc *time.Location) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		return t, nil
	case string:
		return parseDateString(strings.TrimSpace(t), loc)
	case nil:
		return time.Time{}, errors.New("is empty")
	}
	return time.Time{}, fmt.Errorf("must be a date such as \"2025-11-07\" or RFC 3339, got %s", describe(v))
}

func parseDateString(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("is empty")
	}
	var firstErr error
	for _, l := range zonedLayouts {
		t, err := time.Parse(l, s)
		if err == nil {
			return t, nil
		}
		if firstErr == nil && rangeError(err) {
			firstErr = err
		}
	}
	for _, l := range localLayouts {
		t, err := time.ParseInLocation(l, s, loc)
		if err == nil {
			return t, nil
		}
		if firstErr == nil && rangeError(err) {
			firstErr = err
		}
	}
	if firstErr != nil {
		var pe *time.ParseError
		if errors.As(firstErr, &pe) && pe.Message != "" {
			// pe.Message reads ": month out of range".
			return time.Time{}, fmt.Errorf("invalid date %q: %s", s, strings.TrimPrefix(pe.Message, ": "))
		}
		return time.Time{}, fmt.Errorf("invalid date %q", s)
	}
	return time.Time{}, fmt.Errorf("invalid date %q: use YYYY-MM-DD, \"YYYY-MM-DD hh:mm\" or RFC 3339", s)
}

// rangeError tells a well-formed but impossible date (month 13, day 45) from
// a string in some other layout.
func rangeError(err error) bool {
	var pe *time.ParseError
	return errors.As(err, &pe) && strings.Contains(pe.Message, "out of range")
}
