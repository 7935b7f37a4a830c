#!/usr/bin/env bash
# Side-by-side: seopipe's metadata build (posts.json, sitemaps, robots.txt,
# RSS/Atom/JSON feeds, head tags and JSON-LD for every post) against Hugo
# 0.111 building the same 10,000-post corpus with its sitemap and RSS, in one
# run of the shared harness (../shared/peers/bench-lib.sh, read in place).
#
#   scripts/bench-site.sh            # seopipe, seopipe-edit, seopipe-all, seopipe-fresh, seopipe-ci, hugo
#   scripts/bench-site.sh seopipe    # a subset
#
# Needs: POSTS=10000 SKIP_IMAGES=1 ../shared/peers/make-corpus.sh $WORK/corpus-m
# and ../shared/peers/install-peers.sh (hugo, GNU time). Results go to
# $WORK/results.tsv with the peers' rows.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/peers}
[[ -f $PEERS/bench-lib.sh ]] || { echo "bench-site: $PEERS/bench-lib.sh not found: ../shared is not beside this checkout" >&2; exit 1; }
source "$PEERS/bench-lib.sh"
[[ -d $CORPUS_M/posts ]] || { echo "bench-site: no corpus at $CORPUS_M (run make-corpus.sh)" >&2; exit 1; }

BIN=$WORK/seopipe-bench/seopipe
SITE=$WORK/seopipe-bench/site
NOW=2026-11-26T00:00:00Z

once() {
  case $1 in
    seopipe) "$BIN" build -q --config "$SITE/default.yaml" --now "$NOW" ;;
    seopipe-all) "$BIN" build -q --config "$SITE/all.yaml" --now "$NOW" ;;
    seopipe-edit) # one post's body changed since the last build (a different edit each time)
      # The post is found once, before the timed runs: globbing 10,000
      # posts in bash took ~0.2 s of each.
      printf '\nEdited at %s.\n' "$(date +%s%N)" >>"${SEOPIPE_BENCH_EDITED:-$(edited)}"
      "$BIN" build -q --config "$SITE/default.yaml" --now "$NOW" ;;
    seopipe-fresh) # into a new, empty directory with an empty cache: every post parsed, every file created
      local out; out=$(mktemp -d "$SITE/fresh.XXXX")
      rm -rf "$SITE/cold-cache"
      "$BIN" build -q --config "$SITE/cold.yaml" --now "$NOW" --out "$out" ;;
    seopipe-ci) # a CI job on a clean checkout with its cache restored: no output
      # directory, the cache of the build before. The old output is moved
      # aside (a rename), not deleted, inside the timed run.
      [[ ! -d $SITE/public-ci ]] || mv "$SITE/public-ci" "$(mktemp -u "$SITE/ci-old.XXXX")"
      "$BIN" build -q --config "$SITE/ci.yaml" --now "$NOW" ;;
    seopipe-fresh-warm) # into a new, empty directory, with the parse cache of the builds before
      local out; out=$(mktemp -d "$SITE/fresh.XXXX")
      "$BIN" build -q --config "$SITE/default.yaml" --now "$NOW" --out "$out" ;;
  esac
}

# edited is the post seopipe-edit changes: the middle one.
edited() {
  local all=("$SITE"/posts/*.md)
  echo "${all[${#all[@]} / 2]}"
}

case ${1:-} in once) once "$2"; exit ;; esac
# Set-up (the binary, the posts, the configs) runs once here, not in each
# timed call. Hugo's side processes no images and makes no cards, so
# seopipe's copy of the corpus has no image lines and its configs make no
# cards: both build the same metadata.
mkdir -p "$SITE/posts"
for f in "$CORPUS_M"/posts/*.md; do
  sed -e '/^image:/d' -e '/^{{image:/d' "$f" >"$SITE/posts/${f##*/}"
done
mkdir -p "$SITE"
(cd "$ROOT" && go build -trimpath -o "$BIN" ./cmd/seopipe)
# The Hugo benchmark's base URL. "seopipe" runs the defaults (feeds of the
# newest 20 posts with full content); "seopipe-all" puts all 10,000 posts in
# every feed with their summaries, as Hugo's unlimited RSS does.
for v in default all cold ci; do
  {
    echo "site:"
    echo "  url: https://blog.example/"
    echo "  title: Peer bench"
    echo "  language: en"
    echo "content:"
    echo "  dir: $SITE/posts"
    echo "cards:"
    echo "  sizes: []"
    echo "output:"
    echo "  dir: $SITE/public-$v"
    if [[ $v == cold || $v == ci ]]; then
      echo "cache:"
      echo "  dir: $SITE/$v-cache"
    fi
    if [[ $v == all ]]; then
      echo "feeds:"
      echo "  limit: 0"
      echo "  content: summary"
    fi
  } >"$SITE/$v.yaml"
done
SELF=$ROOT/scripts/bench-site.sh
SEOPIPE_BENCH_EDITED=$(edited)
export SEOPIPE_BENCH_EDITED
variants=("$@")
((${#variants[@]})) || variants=(seopipe seopipe-edit seopipe-all seopipe-fresh seopipe-ci hugo)
for v in "${variants[@]}"; do
  case $v in
    hugo) "$PEERS/bench-hugo-site.sh" hugo ;;
    *) measure "M/$v" "$SELF" once "$v" ;;
  esac
done
rm -rf "$SITE"/fresh.* "$SITE"/ci-old.* "$SITE/cold-cache" "$SITE/ci-cache" "$SITE/public-ci"
# The edited post goes back to what the corpus says.
e=$(edited)
sed -e '/^image:/d' -e '/^{{image:/d' "$CORPUS_M/posts/${e##*/}" >"$e"
