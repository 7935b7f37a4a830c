package pipeline

import (
	"testing"
	"time"
)

func TestRacy(t *testing.T) {
	sec := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) // a time in whole seconds
	fine := sec.Add(123456789)                            // one with a fraction
	tests := []struct {
		name string
		mod  time.Time
		at   time.Time
		want bool
	}{
		{"whole seconds, stamped at once", sec, sec, true},
		{"whole seconds, 1.5 s later: a 2 s clock may not have moved", sec, sec.Add(1500 * time.Millisecond), true},
		{"whole seconds, 2 s later", sec, sec.Add(2 * time.Second), false},
		{"a fraction, stamped at once", fine, fine, true},
		{"a fraction, 50 ms later", fine, fine.Add(50 * time.Millisecond), true},
		{"a fraction, 100 ms later", fine, fine.Add(100 * time.Millisecond), false},
		{"a fraction, a minute later", fine, fine.Add(time.Minute), false},
		{"the clock behind the file's time", fine, fine.Add(-time.Second), true},
		{"before 1970, with a fraction", time.Unix(-10, 5), time.Unix(-10, 5).Add(time.Second), false},
	}
	for _, tt := range tests {
		if got := racy(tt.mod.UnixNano(), tt.at); got != tt.want {
			t.Errorf("%s: racy = %v, want %v", tt.name, got, tt.want)
		}
	}
}
