"""Fails (exit 1) when modules under src/ import each other in a cycle (issue 10: layers point
one way). Module import cycles under src/: an edge A -> B when file A names module B (a `use`, or a
`crate::`/`super::`/`self::` path in code), test modules left out. Prints every cycle (strongly
connected group of files), saying which are parent<->child and which involve siblings."""
import os, re, sys
root = sys.argv[1] if len(sys.argv) > 1 else 'src'
mods = {}  # module path tuple -> file
for d, _, fs in os.walk(root):
    for f in fs:
        if not f.endswith('.rs'): continue
        p = os.path.join(d, f)
        rel = os.path.relpath(p, root)[:-3].split(os.sep)
        if rel[-1] in ('lib', 'main') and len(rel) == 1: mp = ()
        elif rel[-1] == 'mod': mp = tuple(rel[:-1])
        else: mp = tuple(rel)
        if rel[-1] == 'tests' or rel[-1].endswith('_tests'): continue
        mods[mp] = p
def strip(text):
    text = re.sub(r'//[^\n]*', '', text)
    m = re.search(r'#\[cfg\(test\)\]\s*(pub(\([^)]*\))? )?mod \w+ \{', text)
    return text[:m.start()] if m else text
def expand(prefix, body):
    """Expand `a::{b, c::{d}}` into paths."""
    out = []
    depth = 0; cur = ''; parts = []
    for ch in body:
        if ch == '{': depth += 1
        if ch == '}': depth -= 1
        if ch == ',' and depth == 0: parts.append(cur); cur = ''
        else: cur += ch
    parts.append(cur)
    for part in parts:
        part = part.strip()
        if not part: continue
        m = re.match(r'^([\w:]*?)::\{(.*)\}$', part, re.S)
        if m: out += expand(prefix + [s for s in m.group(1).split('::') if s], m.group(2))
        elif part.startswith('{'): out += expand(prefix, part[1:-1])
        else: out.append(prefix + [s.strip() for s in part.split(' as ')[0].split('::') if s.strip()])
    return out
def resolve(cur, segs, children):
    if not segs: return None
    if segs[0] == 'crate': base = []; segs = segs[1:]
    elif segs[0] == 'super':
        base = list(cur)
        while segs and segs[0] == 'super': base = base[:-1]; segs = segs[1:]
    elif segs[0] == 'self': base = list(cur); segs = segs[1:]
    elif segs[0] in children: base = list(cur)
    else: return None
    full = base + [s for s in segs if s != '*']
    for n in range(len(full), -1, -1):
        if tuple(full[:n]) in mods: return tuple(full[:n])
    return None
edges = {}
for mp, p in mods.items():
    text = strip(open(p).read())
    children = set(re.findall(r'^\s*(?:pub(?:\([^)]*\))? )?mod (\w+);', text, re.M))
    paths = []
    for m in re.finditer(r'\buse\s+([^;]+);', text):
        paths += expand([], m.group(1))
    code = re.sub(r'\buse\s+[^;]+;', '', text)
    for m in re.finditer(r'\b((?:crate|super|self)(?:::\w+)+)', code):
        paths.append(m.group(1).split('::'))
    for child in children:
        for m in re.finditer(r'(?<![\w:])(' + child + r'(?:::\w+)+)', code):
            paths.append(m.group(1).split('::'))
    for segs in paths:
        t = resolve(mp, segs, children)
        if t is not None and t != mp:
            edges.setdefault(mp, set()).add(t)
# Tarjan
index = {}; low = {}; stack = []; on = set(); sccs = []; i = [0]
sys.setrecursionlimit(10000)
def visit(v):
    index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
    for w in edges.get(v, ()):
        if w not in index: visit(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: sccs.append(comp)
for v in list(mods): 
    if v not in index: visit(v)
name = lambda m: 'crate' + ''.join('::' + s for s in m)
print(f"{len(mods)} modules, {sum(len(e) for e in edges.values())} edges, {len(sccs)} cycles")
for comp in sorted(sccs, key=len):
    cs = set(comp)
    kind = 'parent<->child' if len(comp) == 2 and (comp[0][:-1] == comp[1] or comp[1][:-1] == comp[0]) else 'siblings/other'
    print(f"- {kind}: " + ', '.join(sorted(name(c) for c in comp)))
    for a in sorted(comp):
        for b in sorted(edges.get(a, ())):
            if b in cs: print(f"    {name(a)} -> {name(b)}")
sys.exit(1 if sccs else 0)
