#!/usr/bin/env bash
# Times `modpack validate` over a tree shaped like Magento's vendor/magento
# against what a user would otherwise run on the same components:
#
#   (a) modpack validate DIR, on every core and on one;
#   (b) xmllint --noout over the XML descriptors modpack reads (module.xml,
#       acl.xml, webapi.xml, system.xml, menu.xml, theme.xml, language.xml),
#       which checks well-formedness only;
#   (c) composer validate per composer.json, timed over an even sample of
#       50 components and scaled to all of them.
#
# Needs go, xmllint (libxml2-utils), php (php-cli), composer and, if it
# can be had, hyperfine; without hyperfine it takes the median of repeated
# runs itself. Missing packages are installed with apt-get when running as
# root. Set CORPUS_DIR to write the corpus somewhere other than a
# temporary directory, which is removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10         # timed runs of modpack and xmllint
composer_runs=3 # timed runs of the composer sample, which is slow
sample=50       # composer.json files in the composer sample

# Install what is missing, or say what to install.
missing=()
command -v xmllint >/dev/null || missing+=(libxml2-utils)
command -v php >/dev/null || missing+=(php-cli)
command -v composer >/dev/null || missing+=(composer)
command -v hyperfine >/dev/null || missing+=(hyperfine)
if ((${#missing[@]} > 0)); then
	if [ "$(id -u)" -ne 0 ]; then
		echo "validate.sh: needs ${missing[*]}" >&2
		echo "validate.sh: run: sudo apt-get install ${missing[*]}" >&2
		exit 1
	fi
	echo "validate.sh: installing ${missing[*]}" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq "${missing[@]}" >/dev/null ||
		echo "validate.sh: apt-get install failed; using what is there" >&2
fi
for tool in go xmllint php composer; do
	command -v "$tool" >/dev/null || {
		echo "validate.sh: $tool is missing" >&2
		exit 1
	}
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=${CORPUS_DIR:-$work/vendor-magento}
export COMPOSER_HOME=$work/composer-home COMPOSER_ALLOW_SUPERUSER=1
composer_validate="composer validate -q --no-check-publish --no-check-all"

# Build modpack and write the corpus: sparse files, real descriptors.
go build -o "$work/modpack" ./cmd/modpack
go run ./internal/corpus/cmd/mkcorpus "$corpus"

# List the components, their XML descriptors and the composer sample.
ls -d "$corpus"/*/registration.php | xargs -n1 dirname >"$work/components"
components=$(wc -l <"$work/components")
while read -r dir; do
	for f in etc/module.xml etc/acl.xml etc/webapi.xml etc/adminhtml/system.xml \
		etc/adminhtml/menu.xml theme.xml language.xml; do
		if [ -f "$dir/$f" ]; then echo "$dir/$f"; fi
	done
done <"$work/components" >"$work/xml"
xml_files=$(wc -l <"$work/xml")
tree_files=$(find "$corpus" -type f | wc -l)
awk -v n="$components" -v k="$sample" \
	'NR % int(n / k) == 1 && c++ < k { print $0 "/composer.json" }' \
	"$work/components" >"$work/composer-sample"
sampled=$(wc -l <"$work/composer-sample")

# Each tool must pass on the corpus once before it is timed, so that
# no timing is of a failure.
"$work/modpack" validate -q "$corpus"
xargs -a "$work/xml" xmllint --noout
xargs -a "$work/composer-sample" -n1 $composer_validate

# median_seconds RUNS COMMAND prints the median wall time of COMMAND, a
# shell command line, in seconds.
median_seconds() {
	local n=$1 cmd=$2
	if command -v hyperfine >/dev/null; then
		hyperfine -N --style none --warmup 1 --runs "$n" \
			--export-csv "$work/run.csv" "$cmd" >/dev/null
		awk -F, 'NR == 2 { print $4 }' "$work/run.csv"
		return
	fi
	local i start end
	bash -c "$cmd" >/dev/null 2>&1 # warm up
	for ((i = 0; i < n; i++)); do
		start=$EPOCHREALTIME
		bash -c "$cmd" >/dev/null 2>&1
		end=$EPOCHREALTIME
		echo "$end - $start" | awk '{ printf "%.6f\n", $1 - $3 }'
	done | sort -g | awk '{ t[NR] = $1 } END {
		print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}

if command -v hyperfine >/dev/null; then
	echo "validate.sh: timing with hyperfine" >&2
else
	echo "validate.sh: timing the median of repeated runs" >&2
fi
modpack_all=$(median_seconds "$runs" "$work/modpack validate -q $corpus")
modpack_one=$(median_seconds "$runs" \
	"env GOMAXPROCS=1 $work/modpack validate -q $corpus")
xmllint=$(median_seconds "$runs" "xargs -a $work/xml xmllint --noout")
composer_sample=$(median_seconds "$composer_runs" \
	"xargs -a $work/composer-sample -n1 $composer_validate")
composer=$(awk -v t="$composer_sample" -v n="$components" -v k="$sampled" \
	'BEGIN { print t * n / k }')
both=$(awk -v a="$xmllint" -v b="$composer" 'BEGIN { print a + b }')

row() { printf '%-38s %8.3f s%s\n' "$@"; }

# compare OTHER SECONDS says how modpack on one core compares with OTHER.
compare() {
	awk -v other="$1" -v a="$modpack_one" -v b="$2" 'BEGIN {
		if (a <= b) how = sprintf("%.1fx faster than", b / a)
		else how = sprintf("%.1fx slower than", a / b)
		printf "modpack validate on 1 core is %s %s\n", how, other }'
}

echo "corpus: $tree_files files, $components components, $xml_files XML descriptors"
echo "(modpack walks every file; xmllint and composer read only theirs)"
row "modpack validate, $(nproc) cores" "$modpack_all" ""
row "modpack validate, 1 core" "$modpack_one" ""
row "xmllint --noout, $xml_files files" "$xmllint" ""
row "composer validate, $components files" "$composer" \
	" (scaled from $sampled: $(printf '%.3f' "$composer_sample") s)"
echo
compare "xmllint over the same XML files" "$xmllint"
compare "composer validate over the same composer.json files" "$composer"
compare "the two together" "$both"
