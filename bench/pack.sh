#!/usr/bin/env bash
# Times `modpack build` over a tree shaped like Magento's vendor/magento
# (506 packages, 59,501 files, 334 MB of PHP-like text) against what a
# user would otherwise run, in one run:
#
#   (a) modpack build of every component, on all cores;
#   (b) a loop of `zip -r -X` per package directory;
#   (c) a loop of `composer archive` per package, timed over an even
#       sample of 50 and scaled to all of them.
#
# Needs go, zip, php (php-cli), composer and, if it can be had,
# hyperfine; as root it installs what is missing with apt-get. Set
# CORPUS_DIR to keep the corpus somewhere other than a temporary
# directory, which is removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."

sample=50

missing=()
command -v zip >/dev/null || missing+=(zip)
command -v php >/dev/null || missing+=(php-cli)
command -v composer >/dev/null || missing+=(composer)
command -v hyperfine >/dev/null || missing+=(hyperfine)
if ((${#missing[@]} > 0)); then
	if [ "$(id -u)" -ne 0 ]; then
		echo "pack.sh: needs ${missing[*]}; run: sudo apt-get install ${missing[*]}" >&2
		exit 1
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Outputs go to memory when the machine has a tmpfs, so that the disk's
# noise does not drown the tools' own differences.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	work=$(mktemp -d -p /dev/shm)
else
	work=$(mktemp -d)
fi
trap 'rm -rf "$work"' EXIT
corpus=${CORPUS_DIR:-$work/corpus}
modpack=$work/modpack
go build -o "$modpack" ./cmd/modpack
if [ ! -d "$corpus" ]; then
	go run ./internal/corpus/cmd/mkcorpus -content "$corpus" >/dev/null
fi
packages=$(find "$corpus" -mindepth 1 -maxdepth 1 -type d | sort)
components=$(for d in $packages; do if [ -f "$d/registration.php" ]; then echo "$d"; fi; done)
count=$(echo "$components" | wc -l)
echo "corpus: $(du -sh "$corpus" | cut -f1), $count components, $(nproc) cores"

# The three commands, each writing into a fresh directory.
cat >"$work/zip-loop.sh" <<SH
rm -rf "$work/zip" && mkdir "$work/zip"
for d in $(echo $components); do
	(cd "\$d" && zip -q -r -X "$work/zip/\$(basename "\$d").zip" .)
done
SH
echo "$components" | awk -v n="$sample" -v total="$count" \
	'NR % int(total / n) == 0 && c < n { print; c++ }' >"$work/sample.txt"
cat >"$work/composer-loop.sh" <<SH
rm -rf "$work/composer" && mkdir "$work/composer"
while read -r d; do
	COMPOSER_ALLOW_SUPERUSER=1 composer archive -q --no-interaction --working-dir="\$d" \
		--format=zip --dir="$work/composer" --file="\$(basename "\$d")"
done <"$work/sample.txt"
SH
build="rm -rf $work/dist && SOURCE_DATE_EPOCH=1767225600 $modpack build -q --version 1.0.0 -o $work/dist $corpus >/dev/null"

hyperfine --warmup 1 --runs 5 --export-json "$work/a.json" \
	-n "modpack build" "$build" \
	-n "zip -r -X loop" "bash $work/zip-loop.sh"
hyperfine --runs 1 --export-json "$work/c.json" \
	-n "composer archive loop ($sample of $count)" "bash $work/composer-loop.sh"

median() { grep -o '"median": *[0-9.e-]*' "$1" | sed -n "${2}p" | grep -o '[0-9.e-]*$'; }
m=$(median "$work/a.json" 1)
z=$(median "$work/a.json" 2)
c=$(median "$work/c.json" 1)
awk -v m="$m" -v z="$z" -v c="$c" -v n="$sample" -v total="$count" 'BEGIN {
	cs = c * total / n
	printf "median: modpack build %.2f s, zip -r -X loop %.2f s, composer archive loop %.1f s (scaled from %d)\n", m, z, cs, n
	printf "modpack takes %.2f of the zip loop'"'"'s time (target: under 0.25) and %.3f of composer archive'"'"'s\n", m / z, m / cs
}'
du -sb "$work/dist" "$work/zip" | awk '{ printf "%s bytes in %s\n", $1, $2 }'
