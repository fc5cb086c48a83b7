#!/usr/bin/env bash
# sanitizer: yes
# `nsbench run --junit FILE`: well-formed JUnit XML (xmllint) whose counts per
# suite and in total equal the JSON report's, with failures, errors and skips
# where the JSON has them, unique (classname, name), and a run cut short by
# SIGTERM reporting its unrun tests as errors, never as passes.
. "$(dirname "$0")/lib.sh"

command -v xmllint > /dev/null || { echo "xmllint not installed (Debian: libxml2-utils; scripts/deps.sh installs it)"; exit 77; }

# junit_matches XML JSON: the XML's per-suite and total counts equal the JSON report's; prints a summary.
junit_matches() {
	"$PY" - "$1" "$2" <<'PYEOF'
import collections, json, sys, xml.etree.ElementTree as ET
x = ET.parse(sys.argv[1]).getroot(); d = json.load(open(sys.argv[2]))
assert x.tag == 'testsuites', x.tag
want = collections.defaultdict(collections.Counter)
for r in d['results']:
    want[r['suite']][r['verdict']] += 1
seen, total = set(), collections.Counter()
for s in x.findall('testsuite'):
    got = collections.Counter()
    props = {p.get('name'): p.get('value') for p in s.find('properties')}
    for k in ('kernel_release', 'arch', 'uid', 'nsbench_version', 'environment'):
        assert props.get(k), 'property %s missing' % k
    assert props['kernel_release'] == d['host']['kernel_release'] and props['nsbench_version'] == d['tool']['version']
    for c in s.findall('testcase'):
        key = (c.get('classname'), c.get('name'))
        assert key not in seen, 'duplicate testcase %r' % (key,)
        seen.add(key)
        assert c.get('classname').startswith('nsbench.' + s.get('name') + '.'), key
        float(c.get('time'))
        kids = [k.tag for k in c]
        if not kids: got['pass'] += 1
        elif kids == ['skipped']: got['skip'] += 1; assert c.find('skipped').get('message')
        elif kids == ['failure']: got['fail'] += 1; assert c.find('failure').get('message')
        elif kids == ['error']: got[{'error': 'error', 'timeout': 'timeout', 'not-run': 'not_run'}[c.find('error').get('type')]] += 1
        else: raise AssertionError('testcase %r has %r' % (key, kids))
    # The suite's own attributes agree with its test cases.
    assert int(s.get('tests')) == sum(got.values()), s.get('name')
    assert int(s.get('failures')) == got['fail'] and int(s.get('skipped')) == got['skip'], s.get('name')
    assert int(s.get('errors')) == got['error'] + got['timeout'] + got['not_run'], s.get('name')
    ran = collections.Counter({k: v for k, v in got.items() if k != 'not_run'})
    assert ran == +want[s.get('name')], '%s: junit %r != json %r' % (s.get('name'), dict(ran), dict(want[s.get('name')]))
    total += got
assert sorted(want) == sorted(s.get('name') for s in x.findall('testsuite')), 'suites differ'
counts = d['run']['counts']
for v in ('pass', 'fail', 'skip', 'error', 'timeout', 'not_run'):
    assert total[v] == counts[v], '%s: junit %d, json %d' % (v, total[v], counts[v])
print(' '.join('%s=%d' % (v, total[v]) for v in ('pass', 'fail', 'skip', 'error', 'timeout', 'not_run')))
PYEOF
}

# 1. Failures, errors and skips: uts-liar fails uts-hostname without uts, crash errors pid-init, nsfs.listns may skip.
dir=$(probes_with uts=uts-liar pid=crash)
NSBENCH_PROBE_DIR=$dir "$NSB" run isolation nsfs --ns uts,pid --report "$T/a.json" --junit "$T/a.xml" > "$T/out"
[ $? = 1 ] || fail "liars: exit not 1"
validate "$T/a.json"
xmllint --noout "$T/a.xml" || fail "not well-formed XML"
sum=$(junit_matches "$T/a.xml" "$T/a.json") || fail "JUnit counts differ from the JSON report"
[ "$(count "$T/a.json" fail)" -gt 0 ] && [ "$(count "$T/a.json" error)" -gt 0 ] || fail "the liars made no fail or no error"
note "junit (liars): $sum"

# 2. A suite named twice runs its tests twice: (classname, name) must stay unique.
"$NSB" run uts uts --ns uts --report "$T/u.json" --junit "$T/u.xml" > /dev/null || fail "uts uts: exit $?"
xmllint --noout "$T/u.xml" && junit_matches "$T/u.xml" "$T/u.json" > /dev/null || fail "repeated suite"

# 3. Interrupted by SIGTERM: the unrun tests are errors of type not-run, counted as the JSON's not_run.
"$NSB" run --no-bench -j 1 --report "$T/k.json" --junit "$T/k.xml" > /dev/null 2>&1 &
pid=$!
# Only once it runs (it forks its trials and the lab after installing its handlers; a sanitized
# build takes a while to get there), then one second more.
for _ in $(seq 100); do
	pgrep -P $pid > /dev/null && break
	sleep 0.1
done
sleep 1
kill -TERM $pid
wait $pid
rc=$?
[ $rc = 130 ] || fail "SIGTERM: exit $rc, want 130"
xmllint --noout "$T/k.xml" || fail "interrupted: not well-formed"
sum=$(junit_matches "$T/k.xml" "$T/k.json") || fail "interrupted: counts differ"
[ "$(json "$T/k.json" "d['run']['counts']['not_run']")" -gt 0 ] || fail "SIGTERM after 1 s left nothing unrun"
note "junit (SIGTERM after 1 s): $sum"

# Negative controls: the checks above can fail.
sed '0,/<testcase /s//<testcase a="&" /' "$T/a.xml" > "$T/bad.xml"
xmllint --noout "$T/bad.xml" 2> /dev/null && fail "xmllint accepted an unescaped &"
sed '0,/<testcase [^>]*\/>/{//d}' "$T/a.xml" > "$T/less.xml"
cmp -s "$T/a.xml" "$T/less.xml" && fail "negative control: nothing removed"
junit_matches "$T/less.xml" "$T/a.json" > /dev/null 2>&1 && fail "a missing test case went unnoticed"
sed 's/<skipped [^>]*\/>//' "$T/a.xml" > "$T/noskip.xml"
if grep -q '<skipped' "$T/a.xml"; then
	junit_matches "$T/noskip.xml" "$T/a.json" > /dev/null 2>&1 && fail "a skip turned into a pass went unnoticed"
fi

# Bad path: one line, exit 2, before any test runs.
"$NSB" run uts --junit /nonexistent/dir/x.xml --report "$T/z.json" > /dev/null 2> "$T/err"
[ $? = 2 ] && [ "$(wc -l < "$T/err")" = 1 ] && grep -q 'JUnit' "$T/err" || fail "unwritable --junit path"
note "junit: well-formed, counts equal the JSON's, unique names, negative controls fail"
