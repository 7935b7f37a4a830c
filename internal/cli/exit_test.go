package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/seopipe/seopipe/pipeline"
)

// TestExitCodeInterrupted: an interrupt is 130 either way, and the message
// says which output is in place.
func TestExitCodeInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		err  error
		want string
	}{
		{context.Canceled, "the previous output was left as it was"},
		{fmt.Errorf("%w: %w", pipeline.ErrUnchecked, context.Canceled), "the new output was written, but not checked"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		if got := exitCode(ctx, tt.err, &stderr); got != ExitInterrupted {
			t.Errorf("%v: exit %d, want %d", tt.err, got, ExitInterrupted)
		}
		if !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v: stderr %q, want it to say %q", tt.err, stderr.String(), tt.want)
		}
	}
	if !errors.Is(tests[1].err, context.Canceled) {
		t.Fatal("the wrapped error is no cancellation")
	}
}
