#!/usr/bin/env bash
# Times `modpack version next` on a history of 100,000 commits whose last
# tag is 10,000 commits back, against `git log` over the same range: the
# command a release script would otherwise run to read those commits
# before classifying them.
#
# Needs go, git and, if it can be had, hyperfine (installed with apt-get
# when running as root). Set REPO_DIR to keep the repository somewhere
# other than a temporary directory, which is removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."

total=100000
since_tag=10000

if ! command -v hyperfine >/dev/null && [ "$(id -u)" -eq 0 ]; then
	apt-get install -y -qq hyperfine >/dev/null 2>&1 || true
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=${REPO_DIR:-$work/repo}
modpack=$work/modpack
go build -o "$modpack" ./cmd/modpack

# Write the history with git fast-import, then pack it as a clone would
# be: one commit a minute, each changing one file.
if [ ! -d "$repo/.git" ]; then
	git init -q "$repo"
	awk -v n="$total" 'BEGIN {
		types[0] = "fix"; types[1] = "feat"; types[2] = "docs"
		for (i = 1; i <= n; i++) {
			msg = types[i % 3] ": change " i
			printf "commit refs/heads/main\nmark :%d\n", i
			printf "committer Dev <dev@acme.example> %d +0000\n", 1262304000 + i * 60
			printf "data %d\n%s\n", length(msg), msg
			if (i > 1) printf "from :%d\n", i - 1
			printf "M 644 inline src.txt\ndata %d\n%d\n\n", length(i ""), i
		}
	}' /dev/null | git -C "$repo" fast-import --quiet
	git -C "$repo" checkout -q main
	tag_commit=$(git -C "$repo" rev-parse "main~$since_tag")
	git -C "$repo" tag -a v1.0.0 -m "Release 1.0.0" "$tag_commit"
	git -C "$repo" gc -q --aggressive >/dev/null 2>&1 || git -C "$repo" repack -adq
fi

echo "version next: $("$modpack" version next "$repo")"
echo "commits since v1.0.0: $(git -C "$repo" rev-list --count v1.0.0..HEAD)"

if command -v hyperfine >/dev/null; then
	hyperfine --warmup 1 --runs 10 --export-json "$work/times.json" \
		-n "modpack version next" "$modpack version next $repo" \
		-n "git log v1.0.0..HEAD" "git -C $repo log --format=%H%n%B v1.0.0..HEAD"
	modpack_s=$(grep -o '"median": *[0-9.e-]*' "$work/times.json" | sed -n 1p | grep -o '[0-9.e-]*$')
	git_s=$(grep -o '"median": *[0-9.e-]*' "$work/times.json" | sed -n 2p | grep -o '[0-9.e-]*$')
else
	median() {
		for _ in 1 2 3 4 5; do
			/usr/bin/env time -f %e "$@" 2>&1 >/dev/null | tail -1
		done | sort -n | sed -n 3p
	}
	modpack_s=$(median "$modpack" version next "$repo")
	git_s=$(median git -C "$repo" log --format=%H%n%B v1.0.0..HEAD)
fi
awk -v m="$modpack_s" -v g="$git_s" 'BEGIN {
	printf "median: modpack version next %.3f s, git log %.3f s: modpack takes %.1fx the time of git log\n", m, g, m / g
}'
