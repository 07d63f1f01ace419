#!/usr/bin/env bash
# Regenerates every generated file in the repository with the pinned tools.
#
#   scripts/update-protos.sh            regenerate only
#   scripts/update-protos.sh v1.64.3    move go.temporal.io/api to v1.64.3 in every
#                                       module that uses it, tidy, regenerate, build
#
# Running it twice in a row changes nothing. With a version that is malformed
# or not on the Go module proxy it stops before touching anything; if a later
# step fails, it puts back every file it changed.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly api=go.temporal.io/api

say() { printf 'update-protos: %s\n' "$*" >&2; }

regenerate() {
	go tool -modfile=tools/buf/go.mod buf generate
	# The generator's golden cases, each with its own template.
	local t
	for t in internal/generator/testdata/*/buf.gen.yaml; do
		go tool -modfile=tools/buf/go.mod buf generate --template "$t"
	done
}

if [ $# -gt 1 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
	sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
	[ $# -gt 1 ] && exit 2 || exit 0
fi

if [ $# -eq 0 ]; then
	regenerate
	say "regenerated gen/ and the generator's golden cases"
	exit 0
fi

version=$1
if ! [[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
	say "'$version' is not a release version of $api; give one like v1.64.3"
	exit 2
fi
if ! resolved=$(go list -m -f '{{.Version}}' "$api@$version" 2>&1); then
	say "$api@$version is not available from the Go module proxy:"
	printf '%s\n' "$resolved" >&2
	exit 2
fi

# Every module outside tools/ whose go.mod requires the API.
modules=()
while IFS= read -r modfile; do
	if grep -qE "^[[:space:]]*(require[[:space:]]+)?$api[[:space:]]" "$modfile"; then
		modules+=("$(dirname "$modfile")")
	fi
done < <(find . -name go.mod -not -path './tools/*' -not -path '*/testdata/*' | sort)
if [ ${#modules[@]} -eq 0 ]; then
	say "no module here requires $api"
	exit 1
fi

# Keep copies of everything this script may change, to restore on failure.
backup=$(mktemp -d)
trap 'rm -rf "$backup"' EXIT
for m in "${modules[@]}"; do
	mkdir -p "$backup/$m"
	cp "$m/go.mod" "$backup/$m/go.mod"
	[ -f "$m/go.sum" ] && cp "$m/go.sum" "$backup/$m/go.sum"
done
cp -R gen "$backup/gen"
cp -R internal/generator/testdata "$backup/testdata"

restore() {
	for m in "${modules[@]}"; do
		cp "$backup/$m/go.mod" "$m/go.mod"
		if [ -f "$backup/$m/go.sum" ]; then cp "$backup/$m/go.sum" "$m/go.sum"; else rm -f "$m/go.sum"; fi
	done
	rm -rf gen internal/generator/testdata
	cp -R "$backup/gen" gen
	cp -R "$backup/testdata" internal/generator/testdata
}

fail() {
	say "$1 failed; every changed file is restored"
	restore
	exit 1
}

for m in "${modules[@]}"; do
	say "moving $m to $api@$version"
	(cd "$m" && go get "$api@$version" && go mod tidy) || fail "updating $m"
done
regenerate || fail "regenerating"
for m in "${modules[@]}"; do
	(cd "$m" && go build ./... && go vet ./...) || fail "building $m"
done
say "$api is at $version in: ${modules[*]}"
