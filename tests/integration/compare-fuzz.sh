#!/usr/bin/env bash
# sanitizer: yes
# A bounded fuzz campaign of compare's reader: real reports (a run and a
# bench report) mutated by byte flips, truncations, duplicated keys, wrong
# types, deep nesting and odd numbers and strings, plus the invalid-report
# corpus of compare.sh. Every case must exit 0, 1 or 2 and never crash: under
# the sanitizer build any ASan/UBSan report fails it. Bounded in time (25 s
# under the sanitizers, 10 s otherwise) and in cases.
. "$(dirname "$0")/lib.sh"

"$NSB" run isolation --ns uts --report "$T/run.json" > /dev/null || fail "run failed"
"$NSB" bench clone --ns uts --quick --report "$T/bench.json" > /dev/null || fail "bench failed"
budget=${NSB_FUZZ_BUDGET:-10}
[ "$SANITIZED" = 1 ] && budget=${NSB_FUZZ_BUDGET:-25}
export ASAN_OPTIONS=exitcode=99:detect_leaks=1 UBSAN_OPTIONS=exitcode=99:print_stacktrace=1

"$PY" - "$NSB" "$T" "$budget" <<'PYEOF'
import json, os, random, subprocess, sys, time
nsb, tmp, budget = sys.argv[1], sys.argv[2], float(sys.argv[3])
rng = random.Random(int(os.environ.get('NSB_FUZZ_SEED', '12')))
seeds = [open(os.path.join(tmp, f), 'rb').read() for f in ('run.json', 'bench.json')]
docs = [json.loads(s) for s in seeds]

corpus = [b'', b'  \n', b'{', b'[1,2]', b'{"schema_version": 1}', b'{"schema_version": 1.0, "results": []}',
          b'{"schema_version": 1, "results": [{"id":"a","verdict":"FAIL"}]}',
          b'{"schema_version": 1, "results": [{"id":"a","verdict":"pass"},{"id":"a","verdict":"pass"}]}',
          b'{"schema_version": 1, "results": [{"id":"a","verdict":"fail","reason":"\\u001b[2J\\u009b"}]}',
          b'{"schema_version": 1, "results": [], "x": NaN}', b'{"schema_version": 1, "results": [],}',
          b'{"schema_version": 99999999999999999999999, "results": []}', b'{"schema_version": -1, "results": []}',
          b'{"schema_version": 1, "results": [], "benchmarks": [{"id":"c","status":"ok","runs":{"medians":[1e308,1e308,-1e308]}}]}',
          b'{"schema_version": 1, "results": [], "benchmarks": [{"id":"c","status":"ok","runs":{"medians":[null,null]}}]}',
          b'{"schema_version": 1, "results": [], "benchmarks": [{"id":"","status":"ok"}]}',
          b'\xff\xfe{"schema_version": 1, "results": []}', b'{"schema_version": 1, "results": [{"id":"\xc3\x28","verdict":"pass"}]}',
          b'[' * 10000, b'{"a":' * 5000 + b'1' + b'}' * 5000, b'{"schema_version": 1, "results": []}\x00']

def wrong_type(rng):
    return rng.choice([None, True, 0, -1, 2**63, 1.5, 1e308, "", "x" * 300, "\u001b[31m", [], {}, [1, "a"], {"a": None}])

def walk(o, path=()):
    yield path, o
    if isinstance(o, dict):
        for k, v in o.items():
            yield from walk(v, path + (k,))
    elif isinstance(o, list):
        for i, v in enumerate(o[:50]):
            yield from walk(v, path + (i,))

def set_at(o, path, v):
    for k in path[:-1]:
        o = o[k]
    o[path[-1]] = v

def mutate(rng):
    k = rng.randrange(7)
    i = rng.randrange(2)
    b = bytearray(seeds[i])
    if k == 0:	# byte flips
        for _ in range(rng.randint(1, 8)):
            p = rng.randrange(len(b)); b[p] ^= 1 << rng.randrange(8)
        return bytes(b)
    if k == 1:	# truncation
        return bytes(b[:rng.randrange(len(b))])
    if k == 2:	# a duplicated key: repeat one "key": value pair textually
        s = bytes(b)
        p = s.find(rng.choice([b'"verdict"', b'"id"', b'"status"', b'"medians"', b'"schema_version"', b'"results"']))
        if p < 0:
            return s
        e = s.find(b',', p)
        return s[:e + 1] + s[p:e] + b',' + s[e + 1:] if e > 0 else s
    if k == 3 or k == 4:	# wrong types at a random place (k == 4: at an essential field)
        d = json.loads(seeds[i])
        paths = [p for p, _ in walk(d) if p]
        if k == 4:
            paths = [p for p in paths if p[-1] in ('verdict', 'id', 'status', 'medians', 'median', 'results',
                                                 'benchmarks', 'schema_version', 'runs', 'stats', 'reason', 'tool', 'host')] or paths
        set_at(d, rng.choice(paths), wrong_type(rng))
        return json.dumps(d).encode()
    if k == 5:	# insert random bytes
        p = rng.randrange(len(b))
        return bytes(b[:p]) + bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))) + bytes(b[p:])
    d = json.loads(seeds[i])	# structural: drop, duplicate or reorder entries
    arr = d['results'] if d['results'] and rng.random() < 0.5 else d['benchmarks']
    if arr:
        op = rng.randrange(3)
        if op == 0:
            arr.pop(rng.randrange(len(arr)))
        elif op == 1:
            arr.append(json.loads(json.dumps(rng.choice(arr))))
        else:
            rng.shuffle(arr)
    return json.dumps(d).encode()

def run(data, n):
    f = os.path.join(tmp, 'fuzz-%d.json' % (n % 4))
    open(f, 'wb').write(data)
    base = os.path.join(tmp, rng.choice(['run.json', 'bench.json']))
    args = [nsb, 'compare', base, f] if n % 3 else [nsb, 'compare', f, base]
    if n % 5 == 0:
        args[2:2] = ['--format', rng.choice(['json', 'markdown', 'gobench'])]
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = p.stderr.decode('utf-8', 'replace')
    if p.returncode not in (0, 1, 2) or 'Sanitizer' in err or 'runtime error' in err:
        keep = os.path.join(tmp, '..', 'nsbench-fuzz-crash.json')
        open(keep, 'wb').write(data)
        sys.exit('case %d: exit %d, input kept in %s\n%s' % (n, p.returncode, os.path.realpath(keep), err[-3000:]))
    if p.returncode == 2 and len(err.strip().splitlines()) != 1:
        sys.exit('case %d: exit 2 with %d lines on stderr:\n%s' % (n, len(err.splitlines()), err))
    return p.returncode

codes = {0: 0, 1: 0, 2: 0}
n = 0
for data in corpus:
    codes[run(data, n)] += 1; n += 1
t0 = time.monotonic()
while time.monotonic() - t0 < budget and n < 5000:
    codes[run(mutate(rng), n)] += 1; n += 1
print('# compare-fuzz: %d cases in %.0f s (%d corpus), exit 0/1/2: %d/%d/%d, no crash' %
      (n, time.monotonic() - t0, len(corpus), codes[0], codes[1], codes[2]))
PYEOF
