// Package didyoumean suggests the known name nearest to a misspelt one,
// for the "unknown key; did you mean …?" errors of seopipe.yaml and of card
// theme files.
package didyoumean

import "strings"

// Suggest returns the name of known nearest to s (Levenshtein distance,
// ignoring case), or "" when none is near enough to be what was meant: at
// most 2 edits, or a third of s's length for longer names.
func Suggest(s string, known []string) string {
	best, bestD := "", 1<<30
	for _, k := range known {
		if d := Distance(strings.ToLower(s), strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	if bestD <= max(2, len(s)/3) {
		return best
	}
	return ""
}

// Distance is the Levenshtein edit distance between a and b, in runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
