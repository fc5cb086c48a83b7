#!/usr/bin/env bash
# sanitizer: yes
# `nsbench report RUN.json [--compare BASE.json] --html OUT.html`: the page
# opens in headless Chromium without a console message (no script error, no
# blocked load), has one heat-map cell per result, one distribution row per
# sampled benchmark, the per-type, scaling and growth charts, outlines exactly
# the changed verdicts in the compare view, and refers to no URL. Negative
# controls: a page with a script error, and one with a cell removed, fail
# the same check.
. "$(dirname "$0")/lib.sh"

chrome=
for c in chromium-headless-shell chromium chromium-browser; do
	command -v "$c" > /dev/null && { chrome=$c; break; }
done
[ -n "$chrome" ] || { echo "no headless Chromium (Debian: chromium-headless-shell; scripts/deps.sh installs it)"; exit 77; }
headless=
[ "$chrome" = chromium-headless-shell ] || headless=--headless

# open_page HTML: dump the DOM to HTML.dom and the console to HTML.console; fail if Chromium fails.
open_page() {
	timeout 120 "$chrome" $headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$T/chrome" \
		--enable-logging=stderr --v=0 --dump-dom "file://$1" > "$1.dom" 2> "$1.log" || return 1
	grep ':CONSOLE' "$1.log" > "$1.console"
	return 0
}

# check_page HTML JSON [BASE]: the checks; prints "cells=N dist=N ..." on success, the reason on failure.
check_page() {
	open_page "$1" || { echo "chromium failed on $1"; return 1; }
	[ ! -s "$1.console" ] || { echo "console messages:"; cat "$1.console"; return 1; }
	"$PY" - "$1.dom" "$2" "${3:-}" <<'PYEOF'
import json, sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.cls = {}; s.scripts = 0; s.urls = []
    def handle_starttag(s, tag, attrs):
        a = dict(attrs)
        for c in (a.get('class') or '').split():
            s.cls[c] = s.cls.get(c, 0) + 1
        s.scripts += tag == 'script'
        for k, v in attrs:
            if v and '://' in v and k != 'xmlns': s.urls.append(v)
p = P(); p.feed(open(sys.argv[1]).read())
d = json.load(open(sys.argv[2]))
n = lambda c: p.cls.get(c, 0)
assert n('cell') == len(d['results']), 'heat-map cells %d != results %d' % (n('cell'), len(d['results']))
for v in ('pass', 'fail', 'skip', 'error', 'timeout'):
    want = sum(r['verdict'] == v for r in d['results'])
    assert n('v-' + v) == want, '%s cells %d != %d' % (v, n('v-' + v), want)
sampled = sum(1 for b in d['benchmarks'] if b['status'] == 'ok' and b.get('samples'))
assert n('dist') == sampled, 'distribution rows %d != sampled benchmarks %d' % (n('dist'), sampled)
assert not p.scripts and not p.urls, 'script or URL in the page: %r' % p.urls
if sys.argv[3]:
    base = {r['id']: r['verdict'] for r in json.load(open(sys.argv[3]))['results']}
    want = sum(base.get(r['id']) != r['verdict'] for r in d['results'])
    assert n('changed') == want, 'outlined cells %d != changed verdicts %d' % (n('changed'), want)
print('cells=%d dist=%d ival=%d series=%d cmp=%d changed=%d' % (n('cell'), n('dist'), n('ival'), n('series'), n('cmp'), n('changed')))
PYEOF
}

# A run with every verdict we can provoke: fail (uts-liar), error (crash), skip (nsfs.listns where refused).
dir=$(probes_with uts=uts-liar pid=crash)
NSBENCH_PROBE_DIR=$dir "$NSB" run isolation nsfs --ns uts,pid --report "$T/run.json" > /dev/null
[ $? = 1 ] || fail "liar run: exit not 1"
# Benchmarks, short: per-type costs, distributions, scaling and growth curves.
"$NSB" bench clone unshare scaling growth --ns uts,mnt --quick --min-time 0.05 --max-time 0.1 --rounds 2 \
	--window 0.05 --report "$T/bench.json" > /dev/null || fail "bench: exit $?"
# One report with both: the run's results and the bench's benchmarks.
"$PY" - "$T/run.json" "$T/bench.json" "$T/both.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1])); d['benchmarks'] = json.load(open(sys.argv[2]))['benchmarks']
json.dump(d, open(sys.argv[3], 'w'))
PYEOF
"$NSB" report "$T/both.json" --html "$T/both.html" || fail "report: exit $?"
sum=$(check_page "$T/both.html" "$T/both.json") || fail "$sum"
for c in ival series; do
	[ "$(grep -o "class=\"$c\"" "$T/both.html" | wc -l)" -gt 0 ] || fail "no $c element: a chart is missing"
done
note "html: $sum, $(wc -c < "$T/both.html") bytes"

# Markup in a reason or an id is text, never markup: a report that tries to inject a script.
"$PY" - "$T/both.json" "$T/evil.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
d['results'][0]['reason'] = '</title></g></svg><script>throw new Error("injected")</script>&amp;<b>'
d['results'][1]['id'] += '"><script>throw 1</script>'
json.dump(d, open(sys.argv[2], 'w'))
PYEOF
"$NSB" report "$T/evil.json" --html "$T/evil.html" || fail "report of the injection: exit $?"
sum=$(check_page "$T/evil.html" "$T/evil.json") || fail "injection: $sum"
grep -q '&lt;/title&gt;&lt;/g&gt;&lt;/svg&gt;&lt;script&gt;' "$T/evil.html" || fail "the injected markup is not escaped"

# Compare view: flip two verdicts in a copy; exactly those are outlined, and every benchmark is matched.
"$PY" - "$T/both.json" "$T/base.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
d['results'][0]['verdict'] = 'skip' if d['results'][0]['verdict'] != 'skip' else 'pass'
d['results'][1]['verdict'] = 'error' if d['results'][1]['verdict'] != 'error' else 'pass'
json.dump(d, open(sys.argv[2], 'w'))
PYEOF
"$NSB" report "$T/both.json" --compare "$T/base.json" --html "$T/cmp.html" || fail "report --compare: exit $?"
sum=$(check_page "$T/cmp.html" "$T/both.json" "$T/base.json") || fail "$sum"
[[ "$sum" == *changed=2 ]] || fail "compare: $sum, want 2 changed"
want=$(json "$T/both.json" "sum(1 for b in d['benchmarks'] if b['status']=='ok')")
[[ "$sum" == *cmp=$want\ * ]] || fail "compare: $sum, want cmp=$want"
note "html --compare: $sum"

# Negative controls: a script error (the page's Content-Security-Policy removed, so that the
# script runs and throws), a script the policy blocks, and a missing cell each fail the same check.
sed -e '/Content-Security-Policy/d' -e 's|</body>|<script>throw new Error("deliberately broken")</script></body>|' \
	"$T/both.html" > "$T/broken.html"
check_page "$T/broken.html" "$T/both.json" > "$T/why" 2>&1 && fail "a page with a script error passed the check"
grep -q 'Uncaught Error: deliberately broken' "$T/why" || { cat "$T/why"; fail "the script error was not what failed the check"; }
sed 's|</body>|<script>document.title = "x"</script></body>|' "$T/both.html" > "$T/blocked.html"
check_page "$T/blocked.html" "$T/both.json" > "$T/why" 2>&1 && fail "a page with a blocked script passed the check"
grep -q 'Content Security Policy' "$T/why" || { cat "$T/why"; fail "the blocked script was not what failed the check"; }
awk '/<g class="cell /&&!done{done=1;next}1' "$T/both.html" > "$T/less.html"
check_page "$T/less.html" "$T/both.json" > "$T/why" 2>&1 && fail "a page with a missing cell passed the check"
grep -q 'heat-map cells' "$T/why" || fail "the missing cell was not what failed the check"

# Bad input: one error line on stderr (bad-input.sh's convention), exit 2.
bad() {
	"$NSB" report "$@" > "$T/out" 2> "$T/err"
	[ $? = 2 ] && [ "$(grep -c '^nsbench:' "$T/err")" = 1 ] && [ ! -s "$T/out" ] ||
		{ cat "$T/err"; fail "report $*: not one error line and exit 2"; }
}
bad "$T/missing.json" --html "$T/x.html"
printf '{"schema_version": 1, "results": [' > "$T/trunc.json"
bad "$T/trunc.json" --html "$T/x.html"
printf '{"schema_version": 9, "results": []}' > "$T/future.json"
bad "$T/future.json" --html "$T/x.html"
bad "$T/both.json"
bad "$T/both.json" --compare "$T/trunc.json" --html "$T/x.html"
bad "$T/both.json" --html /nonexistent/dir/x.html
[ ! -e "$T/x.html" ] || fail "a failed report left a page behind"
note "html: negative controls (script error, missing cell) fail the check; bad input exits 2"
