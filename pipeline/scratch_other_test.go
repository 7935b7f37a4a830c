//go:build !linux

package pipeline

import "testing"

// scratchDir returns t.TempDir(); on Linux it prefers tmpfs.
func scratchDir(t *testing.T, _ uint64) string { return t.TempDir() }
