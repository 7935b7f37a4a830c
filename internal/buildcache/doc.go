// Package buildcache is what a build remembers between runs so the next
// one redoes only what changed: the parsed posts and the stamps of their
// sources, each post's SEO files and posts.json entry, the files written
// into an output directory (so stale ones can be removed), and what the
// self-check found. It answers the pipeline's questions — is this source
// unchanged (ParseCache.Unchanged), what did it parse to (ParseCache.Parse),
// may these outputs be kept (PostRecords.Keep), which files are stale
// (PlanStale, Stale.Save), does the last verification stand (ReadVerified,
// Findings) — and records the answers for the next run.
//
// Everything lives under the cache dir:
//
//	parsed/posts/NN.gob         the parsed posts, by parse key (ParseCache)
//	parsed/index/NN.gob         the content files' stamps (SourceStamp)
//	outputs/<out>.txt           the files the last build wrote (PlanStale, Stale.Save)
//	outputs/<out>.posts.gob     posts.json's stamp and the entries' spans
//	outputs/<out>.posts/NN.gob  each post's record (PostRecord)
//	outputs/<out>.verified.json the last verification (Verified)
//	outputs/<out>.verify/NN.gob the self-check's post records (Findings)
//	outputs/<out>.entries/NN.gob the posts.json entries it read (VerifyCache)
//
// where <out> names the output directory and NN is one of 16 shards. Each
// store is versioned by a format name and the binary that wrote it
// (version.Build): anything else reads as empty. Nothing here is needed
// for a correct build: a store that cannot be read is a miss, and one that
// cannot be written only makes the next build slower (the callers report
// it as a warning). With no cache dir ("") nothing is read or kept.
//
// The package starts no goroutines: reading a store's shards at once is
// the caller's choice, through an Each. Types say whether they are safe
// for concurrent use.
package buildcache
