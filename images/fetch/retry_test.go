package fetch

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := t0
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{"60", time.Minute, true},
		{"61", maxRetryAfter, true},
		{"86400", maxRetryAfter, true},
		{"99999999999999999999999999", maxRetryAfter, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"7s", 0, false},
		{"soon", 0, false},
		{now.Add(12 * time.Second).Format(http.TimeFormat), 12 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{now.Add(48 * time.Hour).Format(http.TimeFormat), maxRetryAfter, true},
		{"Friday, 07-Nov-25 10:00:30 GMT", 30 * time.Second, true}, // RFC 850
		{"Fri Nov  7 10:00:45 2025", 45 * time.Second, true},       // asctime
		{"Fri, 07 Nov 2025 10:00:30 +0100", 0, false},              // not GMT: not an HTTP-date
		{"Fri, 32 Nov 2025 10:00:30 GMT", 0, false},
	} {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"", "0", "7", "120", "-1", "1e3", "99999999999999999999",
		t0.Add(12 * time.Second).Format(http.TimeFormat), "Friday, 07-Nov-25 10:00:30 GMT", "Fri Nov  7 10:00:45 2025"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseRetryAfter(s, t0)
		if d < 0 || d > maxRetryAfter {
			t.Fatalf("parseRetryAfter(%q) = %v, outside [0, %v]", s, d, maxRetryAfter)
		}
		if !ok && d != 0 {
			t.Fatalf("parseRetryAfter(%q) = %v but not ok", s, d)
		}
	})
}

func TestBackoff(t *testing.T) {
	for attempt := 1; attempt <= 70; attempt++ {
		d := min(backoffBase<<min(attempt-1, 20), backoffMax)
		for range 50 {
			if got := backoff(attempt); got < d/2 || got > d {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", attempt, got, d/2, d)
			}
		}
	}
}

func TestSleepCtx(t *testing.T) {
	if err := sleepCtx(context.Background(), time.Millisecond); err != nil {
		t.Errorf("sleep: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if err := sleepCtx(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled sleep returned %v", err)
	}
	if time.Since(start) > time.Second {
		t.Error("a canceled sleep waited")
	}
}
