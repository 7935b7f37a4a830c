package outfs

import "testing"

// TestIsTemp: the names RemoveTemps may remove are exactly seopipe's
// temporary files.
func TestIsTemp(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{".posts.json.tmp-123-4", true}, // a Tx's
		{".image.json.tmp-98765", true}, // WriteAtomic's
		{".a.b.c.tmp-1-1", true},        // dots in the name
		{"posts.json.tmp-123-4", false}, // not hidden
		{".tmp-1", false},               // no name
		{".x.tmp-", false},              // no number
		{".x.tmp-12a", false},           // not digits
		{".x.tmp-1-2-3", false},         // not our shape
		{".x.tmp-1-", false},            //
		{".x.tmp-1.html", false},        // an extension after
		{".notes.tmp", false},           //
		{".x.TMP-1", false},             // case matters
	}
	for _, tt := range tests {
		if got := IsTemp(tt.name); got != tt.want {
			t.Errorf("IsTemp(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
