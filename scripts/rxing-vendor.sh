#!/usr/bin/env bash
# vendor/rxing is rxing as published on crates.io, minus a trim, plus Linli's numbered patches
# (vendor/rxing/patches/, described in vendor/rxing/PATCHED.md). This script rebuilds it from
# those three, so that the vendored copy is a recipe anyone can check rather than a hand-edited
# fork, and so that moving to a new rxing release is mechanical:
#
#   rxing-vendor.sh check            rebuild the vendored version in a scratch folder; fails, with
#                                    the diff, unless the result is vendor/rxing byte for byte
#                                    (patches/ and PATCHED.md aside)
#   rxing-vendor.sh apply [VERSION]  rebuild VERSION (default: the version vendor/rxing holds) into
#                                    vendor/rxing; names each patch that does not apply, keeps its
#                                    rejects under target/rxing-vendor/rejects, and exits 1 then
#   rxing-vendor.sh refresh          rewrite the diff of every patch from vendor/rxing as it is now
#                                    (after a rejected patch was redone by hand), keeping its header
#
# Works offline when the crate is in Cargo's registry cache; otherwise `cargo fetch` downloads it
# (through a throwaway project, since Cargo has no command that fetches one crate by name).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
vendor=$root/vendor/rxing
patches=$vendor/patches
trim_list=$patches/0000-trim.list
# The patch series is applied in the order of its file names; C collation makes that the same
# order on every machine.
export LC_ALL=C

usage() {
  sed -n '7,14p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

die() { echo "rxing-vendor: $*" >&2; exit 1; }

# The version vendor/rxing holds, from [package] in its Cargo.toml.
vendored_version() {
  awk -F'"' '/^\[/ { in_package = ($0 == "[package]") }
             in_package && /^version *=/ { print $2; exit }' "$vendor/Cargo.toml"
}

# The .crate file (a .tar.gz) of rxing VERSION in Cargo's registry cache, if it is there.
cached_crate() {
  local f
  for f in "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/rxing-"$1".crate; do
    if [ -f "$f" ]; then echo "$f"; return 0; fi
  done
  return 1
}

# The cached .crate of rxing VERSION, fetched first when it is not in the cache. The throwaway
# project asks for no default features so that as few other crates as possible are downloaded;
# it is its own workspace so that Cargo does not go looking for one above the scratch folder.
obtain_crate() {
  local version=$1 project=$scratch/fetch
  if cached_crate "$version"; then return 0; fi
  echo "rxing $version is not in Cargo's cache: fetching it" >&2
  mkdir -p "$project/src"
  : > "$project/src/lib.rs"
  cat > "$project/Cargo.toml" <<EOF
[package]
name = "rxing-vendor-fetch"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
rxing = { version = "=$version", default-features = false }
EOF
  cargo fetch --manifest-path "$project/Cargo.toml" >&2
  cached_crate "$version" || die "cargo fetch left no rxing-$version.crate in the registry cache"
}

# Removes what 0000-trim.list names from the crate in DIR, and the [[test]], [[bench]] and
# [[example]] sections from its Cargo.toml (their lines go; the blank line after each stays, which
# is how the vendored Cargo.toml came to be and keeps `check` byte-exact).
trim() {
  local dir=$1 line path
  while IFS= read -r line || [ -n "$line" ]; do
    path=${line%%#*}
    path=${path#"${path%%[![:space:]]*}"}
    path=${path%"${path##*[![:space:]]}"}
    [ -n "$path" ] || continue
    case /$path/ in
      //*|*/../*|*/./*) die "0000-trim.list: '$path' is not a plain path inside the crate" ;;
    esac
    if [ -e "$dir/$path" ] || [ -L "$dir/$path" ]; then
      rm -rf "${dir:?}/$path"
    else
      echo "  trim: $path is not in this release (nothing to remove)"
    fi
  done < "$trim_list"
  awk -v out="$dir/Cargo.toml.trimmed" '
    /^\[/ { skip = ($0 ~ /^\[\[(test|bench|example)\]\][ \t]*$/); if (skip) { removed++; next } }
    skip && /^[ \t]*$/ { skip = 0 }
    !skip { print > out }
    END { printf "  trim: Cargo.toml: %d [[test]]/[[bench]]/[[example]] sections removed\n", removed }
  ' "$dir/Cargo.toml"
  mv "$dir/Cargo.toml.trimmed" "$dir/Cargo.toml"
}

# The pristine crate of VERSION, extracted and trimmed, in OUT.
pristine_trimmed() {
  local version=$1 out=$2 crate
  crate=$(obtain_crate "$version")
  echo "rxing $version: $crate"
  echo "  sha256 $(sha256sum < "$crate" | cut -d' ' -f1)"
  mkdir -p "$scratch/extract"
  tar -xzf "$crate" -C "$scratch/extract"
  [ -d "$scratch/extract/rxing-$version" ] || die "$crate does not hold rxing-$version/"
  mv "$scratch/extract/rxing-$version" "$out"
  trim "$out"
}

# Applies the numbered patches to DIR in order. Each one that does not apply exactly (no fuzz: a
# hunk whose context changed is a failure to look at, not a guess; a moved hunk is fine) is named
# with patch's own words and its rejects kept in $scratch/rejects. Sets the array `failed`.
apply_series() {
  local dir=$1 p name out
  failed=()
  mkdir -p "$scratch/rejects"
  for p in "$patches"/[0-9][0-9][0-9][0-9]-*.patch; do
    [ -f "$p" ] || continue
    name=$(basename "$p" .patch)
    if out=$(patch -d "$dir" -p1 --batch --forward --fuzz=0 --no-backup-if-mismatch \
               --reject-file="$scratch/rejects/$name.rej" < "$p" 2>&1); then
      if grep -q '(offset ' <<<"$out"; then
        echo "  $name: applied (hunks moved)"
      else
        echo "  $name: applied"
      fi
    else
      echo "  $name: FAILED to apply"
      if grep -q 'Reversed (or previously applied)' <<<"$out"; then
        echo "    (the release seems to contain this change already: drop the patch if so)"
      fi
      sed 's/^/    | /' <<<"$out"
      failed+=("$name")
    fi
  done
}

# Exits 1 with the diff unless trees A and B (folders under $scratch) hold the same files with the
# same bytes and the same executable bits.
compare() {
  local a=$1 b=$2 status=0
  (cd "$scratch" && diff -ru "$a" "$b") > "$scratch/diff" || status=$?
  [ "$status" -le 1 ] || die "diff failed"
  executables() { (cd "$scratch/$1" && find . -type f -perm /111 | sort); }
  if ! diff <(executables "$a") <(executables "$b") > "$scratch/modes"; then
    { echo "executable files differ ($a <, $b >):"; cat "$scratch/modes"; } >> "$scratch/diff"
    status=1
  fi
  if [ "$status" -ne 0 ]; then
    cat "$scratch/diff"
    return 1
  fi
}

# vendor/rxing without what this script keeps apart (the patches and PATCHED.md), in OUT. In a
# git checkout, only the files git would commit (tracked or not ignored): a target/ left by a
# build inside vendor/rxing is not part of the vendored crate.
vendored_copy() {
  local out=$1
  if git -C "$vendor" rev-parse --git-dir > /dev/null 2>&1; then
    mkdir -p "$out"
    (cd "$vendor" &&
      git ls-files -z --cached --others --exclude-standard . |
      while IFS= read -r -d '' f; do
        if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
      done |
      tar --null -T - -cf -) | tar -xf - -C "$out"
  else
    cp -a "$vendor/." "$out"
  fi
  rm -rf "$out/patches" "$out/PATCHED.md"
}

check_version_string() {
  [[ $1 =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] || die "not a version: '$1'"
}

[ $# -ge 1 ] || usage
command=$1
shift
[ -f "$trim_list" ] || die "no $trim_list"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/rxing-vendor.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

case $command in
  check)
    [ $# -eq 0 ] || usage
    version=$(vendored_version)
    check_version_string "$version"
    pristine_trimmed "$version" "$scratch/rebuilt"
    apply_series "$scratch/rebuilt"
    vendored_copy "$scratch/vendored"
    if ! compare rebuilt vendored; then
      echo "check: FAILED: vendor/rxing is not rxing $version + trim + patches (diff above:" \
           "rebuilt is the recipe's result, vendored is vendor/rxing)" >&2
      exit 1
    fi
    if [ ${#failed[@]} -ne 0 ]; then
      die "check: FAILED: patches that did not apply: ${failed[*]}"
    fi
    echo "check: OK: vendor/rxing is rxing $version + trim + $(ls "$patches"/[0-9][0-9][0-9][0-9]-*.patch | wc -l) patches, byte for byte"
    ;;

  apply)
    [ $# -le 1 ] || usage
    version=${1:-$(vendored_version)}
    check_version_string "$version"
    # apply replaces vendor/rxing: refuse to throw away changes not yet committed (or turned into
    # a patch with `refresh`) unless told to.
    if [ "${RXING_VENDOR_FORCE:-}" != 1 ] && git -C "$root" rev-parse --git-dir > /dev/null 2>&1 &&
       [ -n "$(git -C "$root" status --porcelain -- vendor/rxing ':!vendor/rxing/patches' ':!vendor/rxing/PATCHED.md')" ]; then
      die "vendor/rxing has uncommitted changes (git status vendor/rxing); commit them, or run with RXING_VENDOR_FORCE=1 to overwrite them"
    fi
    pristine_trimmed "$version" "$scratch/rebuilt"
    apply_series "$scratch/rebuilt"
    for kept in patches PATCHED.md; do
      [ ! -e "$scratch/rebuilt/$kept" ] || die "rxing $version has its own $kept, which would clash with Linli's"
    done
    find "$vendor" -mindepth 1 -maxdepth 1 ! -name patches ! -name PATCHED.md -exec rm -rf {} +
    cp -a "$scratch/rebuilt/." "$vendor/"
    echo "apply: vendor/rxing is now rxing $version + trim + the patches that applied"
    if [ ${#failed[@]} -ne 0 ]; then
      rejects=$root/target/rxing-vendor/rejects
      rm -rf "$rejects"
      mkdir -p "$rejects"
      cp -a "$scratch/rejects/." "$rejects/"
      echo "apply: patches that did not apply: ${failed[*]}" >&2
      echo "  their rejected hunks: $rejects/" >&2
      echo "  redo each by hand in vendor/rxing (or drop it if the release has it), then run" \
           "'$0 refresh' and '$0 check'" >&2
      exit 1
    fi
    echo "apply: all patches applied; now run '$0 check', 'cargo test -p qr-decode' and './linli bench-decoder'"
    ;;

  refresh)
    [ $# -eq 0 ] || usage
    version=$(vendored_version)
    check_version_string "$version"
    pristine_trimmed "$version" "$scratch/pristine"
    vendored_copy "$scratch/vendored"
    declare -A owner=()
    for p in "$patches"/[0-9][0-9][0-9][0-9]-*.patch; do
      [ -f "$p" ] || continue
      name=$(basename "$p" .patch)
      # A patch owns whole files: the ones its `+++ b/…` lines name. Its header is every line
      # before its first `--- ` line, which patch and git apply both skip.
      mapfile -t files < <(awk '/^\+\+\+ b\// { sub(/^\+\+\+ b\//, ""); sub(/\t.*/, ""); print }' "$p")
      [ ${#files[@]} -gt 0 ] || die "$name names no file (no '+++ b/' line)"
      awk '/^--- / { exit } { print }' "$p" > "$scratch/new.patch"
      for f in "${files[@]}"; do
        [ -z "${owner[$f]:-}" ] || die "$f is in both ${owner[$f]} and $name: refresh needs one patch per file"
        owner[$f]=$name
        [ -f "$scratch/pristine/$f" ] && [ -f "$scratch/vendored/$f" ] ||
          die "$name: $f is not in both the release and vendor/rxing (refresh only handles changed files)"
        status=0
        diff -u --label "a/$f" --label "b/$f" "$scratch/pristine/$f" "$scratch/vendored/$f" \
          >> "$scratch/new.patch" || status=$?
        [ "$status" -le 1 ] || die "diff failed on $f"
        [ "$status" -eq 1 ] || echo "  $name: $f no longer differs from the release"
      done
      if cmp -s "$p" "$scratch/new.patch"; then
        echo "  $name: unchanged"
      else
        cp "$scratch/new.patch" "$p"
        echo "  $name: rewritten"
      fi
    done
    # Anything else that differs from the release belongs in a new patch (or the trim list).
    others=$( (cd "$scratch" && diff -rq pristine vendored) | while IFS= read -r line; do
      f=${line#Files pristine/}; f=${f%% and vendored/*}
      if [ "$f" != "$line" ] && [ -n "${owner[$f]:-}" ]; then continue; fi
      echo "    $line"
    done || true)
    if [ -n "$others" ]; then
      echo "refresh: these differences from the release are in no patch: add a patch (or a trim line) for them:" >&2
      echo "$others" >&2
      exit 1
    fi
    echo "refresh: done; run '$0 check'"
    ;;

  *) usage ;;
esac
