# seopipe — see README.md. Every target works on a fresh clone: tools the
# checks need are installed into .tools/ by scripts/install-tools.sh.

GO          ?= go
BIN         := bin/seopipe
TOOLS       := $(CURDIR)/.tools
STATICCHECK := $(TOOLS)/staticcheck
FUZZTIME    ?= 10s
BENCHTIME   ?= 1s
PKGS        := ./...

.PHONY: all build demo test test-long test-bare lint vet fmt-check staticcheck tools bench fuzz clean

all: build

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/seopipe

## demo: build the bundled example site into examples/site/public (no network needed)
demo: build
	cd examples/site && ../../$(BIN) build

## test: tools, vet, gofmt check, staticcheck, then the short tests with the
## race detector: about 5 minutes on a 2-core machine. Tests too large for
## that (the 50,000-post and 300,000-URL builds, the browser) skip under
## -short, saying that make test-long runs them.
## ./pipeline is named first so that its tests, the longest, start first.
## The timeout is a guard against a hung test, with room for a machine that
## other jobs load: the whole run takes under 5 minutes on a quiet one.
test: tools lint
	$(GO) test -short -race -count=1 -timeout 15m ./pipeline $(PKGS)

## test-long: every test, the large ones too, without the race detector (the
## large tests exercise single-goroutine writers; -race would only slow them)
test-long:
	$(GO) test -count=1 -timeout 20m $(PKGS)

## test-bare: the short tests as on a machine without the optional Debian
## packages (xmllint, chromium, the DejaVu and Noto CJK fonts): every test
## that needs one must skip, saying why (scripts/test-bare.sh: really hidden
## in a mount namespace as root, else through internal/testdeps)
test-bare:
	GO=$(GO) ./scripts/test-bare.sh

lint: vet fmt-check staticcheck

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.tools/*')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

staticcheck: tools
	$(STATICCHECK) $(PKGS)

## tools: runs scripts/install-tools.sh every time: it is idempotent and takes
## well under a second when everything is there, and a half-finished first
## install is finished by the next run instead of being taken for done
tools:
	./scripts/install-tools.sh

## bench: every Go benchmark (for b.Loop(), allocations reported)
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) $(PKGS)

## fuzz: a short run of every fuzz target ($(FUZZTIME) each)
fuzz:
	@set -e; for pkg in $$($(GO) list $(PKGS)); do \
	  dir=$$($(GO) list -f '{{.Dir}}' $$pkg); \
	  for f in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/^func //'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=5s $$pkg; \
	  done; \
	done

clean:
	rm -rf bin examples/site/public examples/site/.seopipe-cache
