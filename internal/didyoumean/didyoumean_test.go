package didyoumean

import "testing"

func TestSuggest(t *testing.T) {
	known := []string{"title", "description", "language", "timezone", "permalink"}
	tests := []struct{ in, want string }{
		{"titel", "title"},
		{"Title", "title"},
		{"descripton", "description"},
		{"timzone", "timezone"},
		{"plugins", ""},
		{"x", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, known); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance = %d, want 3", d)
	}
	if d := Distance("zürich", "zurich"); d != 1 {
		t.Errorf("Distance counts bytes, not runes: %d", d)
	}
}
