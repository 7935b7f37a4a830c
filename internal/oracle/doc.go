// Package oracle holds the tests that prove seopipe's URLs against the site
// generators' own: the generator is the oracle (issue 17). It has no code
// of its own to import; its tests build each fixture site under the
// repository's testdata/oracle/ with the real generator (Hugo 0.111 and a current Hugo, Jekyll 4.3) and
// with seopipe, as a new user would (a seopipe.yaml with only site.url),
// and require posts.json to hold exactly the (source, URL, language) of
// every post the generator published: no allow-list.
//
// Run them with `go test ./internal/oracle/ -run Oracle -v`; a generator
// that is not installed is skipped, naming it (internal/testdeps).
// docs/generators.md says what the fixtures cover.
package oracle
