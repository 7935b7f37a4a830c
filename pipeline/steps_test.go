package pipeline

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestRunGroup: the steps of a group run at the same time, and the error
// reported is the first in step order that is not another's cancellation.
func TestRunGroup(t *testing.T) {
	r := &run{res: &Result{}}
	boom := errors.New("boom")
	met := make(chan struct{})
	// c, before the failing step, is cancelled by b's error: the error
	// reported is b's, not c's context.Canceled.
	group := []step{
		{name: "a", run: func(ctx context.Context, _ *run) (int, error) {
			select { // waits for b: runs beside it, or times out
			case <-met:
				return 1, nil
			case <-time.After(10 * time.Second):
				return 0, errors.New("a ran alone")
			}
		}},
		{name: "c", beside: true, run: func(ctx context.Context, _ *run) (int, error) {
			select {
			case <-ctx.Done():
				return 2, ctx.Err()
			case <-time.After(10 * time.Second):
				return 2, errors.New("c not cancelled")
			}
		}},
		{name: "b", beside: true, run: func(context.Context, *run) (int, error) {
			close(met)
			return 3, boom
		}},
	}
	times, err := r.runGroup(context.Background(), group)
	if !errors.Is(err, boom) {
		t.Errorf("runGroup = %v, want b's error %v", err, boom)
	}
	if len(times) != 3 || times[0].Items != 1 || times[1].Items != 2 || times[2].Items != 3 {
		t.Errorf("times = %+v, want items 1, 2, 3 in step order", times)
	}

	// A group whose context was cancelled from outside reports that.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = r.runGroup(ctx, []step{
		{name: "x", run: func(ctx context.Context, _ *run) (int, error) { return 0, ctx.Err() }},
		{name: "y", beside: true, run: func(ctx context.Context, _ *run) (int, error) { return 0, ctx.Err() }},
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("runGroup on a cancelled context = %v, want context.Canceled", err)
	}
}

// TestStages: a run's stages in order, one per step but the quiet ones
// that only read the cache for a later step; the build's self-check last.
func TestStages(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml":       "site:\n  url: https://example.com/\n  title: T\n",
		"content/posts/a.md": "---\ntitle: A\ndate: 2025-01-01\n---\nx\n",
	})
	tests := []struct {
		name string
		set  func(*Options)
		want []string
	}{
		{"build", func(*Options) {}, []string{"load", "validate", "images", "cards", "pages", "seo", "sitemap", "feeds", "manifest", "verify"}},
		{"check", func(o *Options) { o.CheckOnly = true }, []string{"load", "validate"}},
		{"cards", func(o *Options) { o.CardsOnly = true }, []string{"load", "validate", "images", "cards"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := siteOptions(t, dir, nil)
			tt.set(&opts)
			res := mustRun(t, opts)
			var got []string
			for _, s := range res.Stages {
				got = append(got, s.Name)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("stages (-want +got):\n%s", diff)
			}
		})
	}
}
