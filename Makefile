# seopipe — see README.md. Every target works on a fresh clone: tools the
# checks need are installed into .tools/ by scripts/install-tools.sh.

GO          ?= go
BIN         := bin/seopipe
TOOLS       := $(CURDIR)/.tools
STATICCHECK := $(TOOLS)/staticcheck
FUZZTIME    ?= 10s
BENCHTIME   ?= 1s
PKGS        := ./...

.PHONY: all build demo test lint vet fmt-check staticcheck tools bench fuzz clean

all: build

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/seopipe

## demo: build the bundled example site into examples/site/public (no network needed)
demo: build
	cd examples/site && ../../$(BIN) build

## test: vet, gofmt check, staticcheck, then every test with the race detector
## (-timeout 14m: a loaded 2-core machine runs the pipeline package near the
## default 10 minutes; CI must finish within 15)
test: lint
	$(GO) test -race -count=1 -timeout 14m $(PKGS)

lint: vet fmt-check staticcheck

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.tools/*')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

staticcheck: tools
	$(STATICCHECK) $(PKGS)

tools: $(STATICCHECK)

$(STATICCHECK):
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
