#!/usr/bin/env python3
"""A straightforward Python validator of certwiz's batch rules: the reference that
`cargo bench --bench batch` is measured against (BENCHMARKS.md, "Batch validation").

It checks the same rules as `certwiz::order::batch::{parse, check}` with no account known
(`Context::default()`), written the plain way: the standard library's csv and json modules, a
dict per row copied from the base, each field's rules from a table that mirrors
src/order/catalog.rs's FIELDS (kinds, limits, requirements, defaults) and the combinations of
src/order/validate.rs. Two rules are narrower than certwiz's, and the generated rows never reach
them: a CSR (certwiz parses it with x509-parser; a row holding one stops this script) and email
addresses (certwiz uses the email_address crate; here one regular expression that agrees with it
on the addresses generated: good ones, ones without @, with a space, with a dotless domain).
--compare checks that both find the same diagnostics on the same files, count by count.

    python3 benches/batch_validate.py --make target/batch-bench        # 10,000 rows, CSV + JSONL
    python3 benches/batch_validate.py --time target/batch-bench        # µs a row, best of 5
    python3 benches/batch_validate.py --compare target/batch-bench     # against the Rust counts
    python3 benches/batch_validate.py --versus BIN target/batch-bench  # rounds, each side in turn

--versus takes the batch bench's binary (`cargo bench --profile bench-mem --bench batch
--no-run` names it) and alternates, file by file and round by round, three of its passes
(`CERTWIZ_BATCH_REPEAT=3`, each pass timed inside it) with three of this script's: the best of
each side's three is that round's figure, so both sides of a ratio met the machine in the same
second. It prints every round's ratio and the median.

Standard library only.
"""

import argparse
import csv
import io
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter

ROWS = 10_000
DOCUMENTED = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures",
                          "documented-order-request.json")
COUNTRIES = os.path.join(os.path.dirname(__file__), "..", "assets", "countries.tsv")

MAX_TEXT = 255
# path: (label, kind, limits, requirement, default); requirement is one of "required",
# "in_object", "email_provisioning", "unless:order_validity", "optional".
FIELDS = [
    ("certificate.csr", "CSR", "csr", None, "email_provisioning", None),
    ("certificate.server_platform.id", "Server platform", "integer", (-1, 2**31 - 1), "in_object", "-1"),
    ("certificate.signature_hash", "Signature hash", "choice", ["sha256"], "required", "sha256"),
    ("cs_provisioning_method", "Provisioning", "choice", ["ship_token", "client_app", "email"], "optional", "ship_token"),
    ("use_org_as_common_name", "Organization as common name", "yesno", None, "optional", "true"),
    ("validity_years", "Validity", "choice", ["1", "2", "3"], "unless:order_validity", "1"),
    ("order_validity.years", "Validity (current form)", "choice", ["1", "2", "3"], "in_object", None),
    ("comments", "Comments", "multiline", 4000, "optional", None),
    ("organization.id", "Organization", "id", None, "required", None),
    ("container.id", "Division", "id", None, "in_object", None),
    ("organization_contact.first_name", "Contact first name", "text", 128, "in_object", None),
    ("organization_contact.last_name", "Contact last name", "text", MAX_TEXT, "in_object", None),
    ("organization_contact.email", "Contact email", "email", None, "optional", None),
    ("organization_contact.job_title", "Contact job title", "text", MAX_TEXT, "optional", None),
    ("organization_contact.telephone", "Contact phone", "phone", None, "optional", None),
    ("organization_contact.telephone_extension", "Contact phone extension", "text", 16, "optional", None),
    ("ship_info.name", "Recipient", "text", MAX_TEXT, "in_object", None),
    ("ship_info.addr1", "Address line 1", "text", MAX_TEXT, "in_object", None),
    ("ship_info.addr2", "Address line 2", "text", MAX_TEXT, "optional", None),
    ("ship_info.city", "City", "text", MAX_TEXT, "in_object", None),
    ("ship_info.state", "State", "text", MAX_TEXT, "in_object", None),
    ("ship_info.zip", "ZIP / postal code", "text", 40, "in_object", None),
    ("ship_info.country", "Country", "country", None, "in_object", None),
    ("ship_info.method", "Shipping method", "choice", ["standard", "expedited"], "in_object", "standard"),
    ("subject.name", "Full name", "text", MAX_TEXT, "required", None),
    ("subject.job_title", "Job title", "text", MAX_TEXT, "required", None),
    ("subject.phone", "Phone", "phone", None, "required", None),
    ("subject.email", "Email", "email", None, "required", None),
    ("user_id_assignments", "Order managers", "idlist", None, "optional", None),
    ("csa_agreed_to", "Certificate Services Agreement", "agreement", None, "optional", None),
    ("skip_approval", "Skip approval", "yesno", None, "optional", "false"),
    ("payment_method", "Payment method", "choice", ["balance", "card", "profile"], "optional", "balance"),
]
SPECS = {f[0]: f for f in FIELDS}
# The optional objects: giving one of their fields gives the object (and its defaults).
OBJECTS = ["certificate.server_platform", "order_validity", "container",
           "organization_contact", "ship_info"]
ALTERNATIVES = [("validity_years", "order_validity.years")]
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
PHONE_CHARS = set("0123456789 +-().,/xX#")


def load_countries():
    with open(COUNTRIES, encoding="utf-8") as f:
        return {line.split("\t")[0] for line in f
                if line.strip() and not line.startswith("#")}


COUNTRY_CODES = load_countries()


def _object_of(path):
    for o in OBJECTS:
        if path.startswith(o + "."):
            return o
    return None


OBJECT_OF = {f[0]: _object_of(f[0]) for f in FIELDS}
OBJECT_DEFAULTS = {o: [(f[0], f[5]) for f in FIELDS if OBJECT_OF[f[0]] == o and f[5] is not None]
                   for o in OBJECTS}
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
INTEGER = re.compile(r"[+-]?[0-9]+")


def object_of(path):
    return OBJECT_OF[path] if path in OBJECT_OF else _object_of(path)


def given_objects(values):
    """The optional objects with at least one non-blank field."""
    out = set()
    for k, v in values.items():
        o = OBJECT_OF.get(k)
        if o and v.strip():
            out.add(o)
    return out


def object_given(values, obj):
    prefix = obj + "."
    return any(k.startswith(prefix) and v.strip() for k, v in values.items())


def set_value(values, path, text):
    """Draft::set: the other form of an alternative goes; the first field of an optional
    object brings the object's defaults."""
    if text == "":
        values.pop(path, None)
        return
    for a, b in ALTERNATIVES:
        if path == a:
            values.pop(b, None)
        elif path == b:
            values.pop(a, None)
    obj = object_of(path)
    if obj and not object_given(values, obj):
        for field, default in OBJECT_DEFAULTS[obj]:
            values[field] = default
    values[path] = text


def flatten(body, prefix=""):
    """A JSON body as field paths and their text, and its custom fields."""
    values, custom = {}, []
    for key, value in body.items():
        path = prefix + key
        if key == "custom_fields" and not prefix:
            for entry in value:
                custom.append([str(entry["metadata_id"]), str(entry["value"])])
        elif isinstance(value, dict):
            inner, _ = flatten(value, path + ".")
            values.update(inner)
        elif isinstance(value, bool):
            values[path] = "true" if value else "false"
        elif isinstance(value, list):
            values[path] = ", ".join(str(v) for v in value)
        else:
            values[path] = str(value)
    return values, custom


def has_control(text, multiline):
    return (CONTROL_MULTILINE if multiline else CONTROL).search(text) is not None


def is_int(text):
    return INTEGER.fullmatch(text) is not None


def is_required(spec, values, objects):
    path, _, _, _, req, _ = spec
    if req == "required":
        return True
    if req == "in_object":
        return OBJECT_OF[path] in objects
    if req == "email_provisioning":
        return values.get("cs_provisioning_method", "").strip() == "email"
    if req.startswith("unless:"):
        return req[7:] not in objects
    return False


def check_email(text):
    return len(text) <= 254 and not any(c.isspace() for c in text) and "@" in text \
        and EMAIL.match(text) is not None


def check_phone(text):
    if any(c not in PHONE_CHARS for c in text):
        return False
    digits = sum(c.isdigit() for c in text)
    return 6 <= digits <= 20 and len(text.encode()) <= 40


def check_value(spec, raw, out):
    path, label, kind, limits, _, _ = spec
    text = raw.strip()
    multiline = kind == "multiline"
    if has_control(raw, multiline):
        out.append((path, "error", "control_chars"))
        return
    if kind in ("text", "multiline"):
        if len(raw) > limits:
            out.append((path, "error", "too_long"))
    elif kind == "integer":
        if not is_int(text):
            out.append((path, "error", "type"))
        elif not limits[0] <= int(text) <= limits[1]:
            out.append((path, "error", "range"))
    elif kind == "id":
        if not is_int(text):
            out.append((path, "error", "type"))
        elif int(text) <= 0:
            out.append((path, "error", "id"))
    elif kind == "choice":
        if text not in limits:
            out.append((path, "error", "not_allowed"))
    elif kind == "yesno":
        if text not in ("true", "false"):
            out.append((path, "error", "not_allowed"))
    elif kind == "email":
        if not check_email(text):
            out.append((path, "error", "email"))
    elif kind == "phone":
        if not check_phone(text):
            out.append((path, "error", "phone"))
    elif kind == "country":
        if len(text) != 2 or text.upper() not in COUNTRY_CODES:
            out.append((path, "error", "country"))
    elif kind == "csr":
        sys.exit("a row holds a CSR: this reference does not parse CSRs (see its docstring)")
    elif kind == "idlist":
        parts = [p.strip() for p in text.split(",")]
        if not all(is_int(p) for p in parts):
            out.append((path, "error", "id"))
        elif any(int(p) <= 0 for p in parts):
            out.append((path, "error", "id"))
        elif len(set(int(p) for p in parts)) != len(parts):
            out.append((path, "warning", "duplicate"))
    elif kind == "agreement":
        if text not in ("0", "1"):
            out.append((path, "error", "not_allowed"))


def validate(values, custom):
    out = []
    objects = given_objects(values)
    for spec in FIELDS:
        raw = values.get(spec[0], "")
        if raw == "":
            if is_required(spec, values, objects):
                out.append((spec[0], "error", "required"))
            continue
        if raw.strip() == "":
            out.append((spec[0], "error", "blank"))
            continue
        check_value(spec, raw, out)
    seen = set()
    for i, (metadata_id, value) in enumerate(custom):
        if not is_int(metadata_id.strip()) or int(metadata_id) <= 0:
            out.append((f"custom_fields[{i}].metadata_id", "error", "id"))
            continue
        path = f"custom_fields.{int(metadata_id)}"
        if metadata_id in seen:
            out.append((path, "error", "duplicate"))
            continue
        seen.add(metadata_id)
        if value.strip() == "":
            out.append((path, "error", "blank"))
        elif has_control(value, False):
            out.append((path, "error", "control_chars"))
        elif len(value) > MAX_TEXT:
            out.append((path, "error", "too_long"))
    provisioning = values.get("cs_provisioning_method", "").strip()
    for a, b in ALTERNATIVES:
        if values.get(a, "").strip() and values.get(b, "").strip():
            out.append((b, "error", "both_forms"))
    if values.get("ship_info.method", "").strip() == "expedited":
        out.append(("ship_info.method", "warning", "cost"))
    if values.get("skip_approval", "").strip() == "true":
        out.append(("skip_approval", "warning", "admin_key"))
    shipping = "ship_info" in objects
    if shipping and provisioning in ("client_app", "email"):
        out.append(("ship_info", "warning", "unused"))
    if provisioning == "ship_token" and not shipping:
        out.append(("ship_info", "note", "default_address"))
    if values.get("certificate.csr", "").strip() and provisioning in ("ship_token", "client_app"):
        out.append(("certificate.csr", "warning", "unused"))
    csa = values.get("csa_agreed_to", "").strip()
    if csa in ("0", ""):
        out.append(("csa_agreed_to", "warning", "agreement"))
    return out


def base():
    with open(DOCUMENTED, encoding="utf-8") as f:
        return flatten(json.load(f))


def validate_csv(text, base_values):
    found = []
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    for cells in reader:
        if not cells:
            continue
        values = dict(base_values)
        custom = []
        problems = []
        if len(cells) != len(header):
            problems.append(("", "error", "columns"))
        for name, cell in zip(header, cells):
            if cell.strip() == "":
                continue
            if name.startswith("custom_fields."):
                custom.append([name.split(".", 1)[1], cell])
            else:
                set_value(values, name, cell)
        found.append(problems + [d for d in validate(values, custom) if d not in problems])
    return found


def validate_jsonl(text, base_values):
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        given, custom = flatten(json.loads(line))
        values = dict(base_values)
        for path, value in given.items():
            set_value(values, path, value)
        found.append(validate(values, custom))
    return found


def make(folder):
    """10,000 rows, one in ten with an error of one of five kinds, the same rows in both
    formats."""
    os.makedirs(folder, exist_ok=True)
    rows = []
    for i in range(ROWS):
        row = {
            "subject.name": f"Signer {i}, Jr.",
            "subject.job_title": "Counsel" if i % 3 else "Controller",
            "subject.email": f"signer.{i}@example.com",
            "subject.phone": f"054-139-{i % 10000:04d}",
            "ship_info.city": "Boston" if i % 2 else "",
            "ship_info.zip": f"{i % 100000:05d}",
            "validity_years": str(1 + i % 3),
            "custom_fields.502": f"PO-{i}",
        }
        kind = i % 50
        if kind == 7:
            row["subject.email"] = f"signer.{i}.example.com"
        elif kind == 17:
            row["subject.phone"] = "call me"
        elif kind == 27:
            row["ship_info.zip"] = "9" * 41
        elif kind == 37:
            row["validity_years"] = "5"
        elif kind == 47:
            row["subject.email"] = f"signer {i}@example"
        rows.append(row)
    header = list(rows[0])
    with open(os.path.join(folder, "rows.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow([row[h] for h in header])
    with open(os.path.join(folder, "rows.jsonl"), "w", encoding="utf-8") as f:
        for row in rows:
            body = {}
            for path, value in row.items():
                if path.startswith("custom_fields.") or value == "":
                    continue
                *parents, leaf = path.split(".")
                node = body
                for p in parents:
                    node = node.setdefault(p, {})
                node[leaf] = int(value) if path == "validity_years" else value
            body["custom_fields"] = [{"metadata_id": 502, "value": row["custom_fields.502"]}]
            f.write(json.dumps(body) + "\n")
    print(f"wrote {ROWS} rows to {folder}/rows.csv and {folder}/rows.jsonl")


def read(folder, name):
    with open(os.path.join(folder, name), encoding="utf-8") as f:
        return f.read()


def counts(found):
    return Counter(f"{p} {s} {c}" for row in found for (p, s, c) in row)


def best_of(n, fn, text, b):
    """The fastest of n runs of fn over the file, in seconds, and what it found."""
    best = None
    for _ in range(n):
        start = time.perf_counter()
        found = fn(text, b)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, found


def versus(binary, folder, b, rounds):
    """Round by round, file by file: three passes of the Rust bench binary, then three of ours;
    each side's best of three, and their ratio."""
    for name, fn in (("rows.csv", validate_csv), ("rows.jsonl", validate_jsonl)):
        text = read(folder, name)
        rows = len(fn(text, b))
        ratios = []
        for r in range(rounds):
            env = dict(os.environ, CERTWIZ_BATCH_BENCH=folder, CERTWIZ_BATCH_REPEAT="3",
                       CERTWIZ_BATCH_ONLY=name)
            out = subprocess.run([binary], env=env, check=True, capture_output=True, text=True)
            rust = min(float(line.split()[1]) for line in out.stdout.splitlines()
                       if line.startswith(name + " "))
            py, _ = best_of(3, fn, text, b)
            ratios.append(py / rust)
            print(f"{name} round {r + 1}: certwiz {rust * 1e6 / rows:.2f} µs a row, "
                  f"python {py * 1e6 / rows:.2f} µs a row: {py / rust:.2f}x")
        print(f"{name}: median {statistics.median(ratios):.2f}x over {rounds} rounds "
              f"(lowest {min(ratios):.2f}x, highest {max(ratios):.2f}x)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--make", metavar="DIR")
    ap.add_argument("--time", metavar="DIR")
    ap.add_argument("--compare", metavar="DIR")
    ap.add_argument("--versus", nargs=2, metavar=("BIN", "DIR"))
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if args.make:
        make(args.make)
    b = base()[0]
    if args.time:
        for name, fn in (("rows.csv", validate_csv), ("rows.jsonl", validate_jsonl)):
            text = read(args.time, name)
            best, found = best_of(args.rounds, fn, text, b)
            print(f"python {name}: {best * 1e6 / len(found):.2f} µs a row "
                  f"(best of {args.rounds}, {len(found)} rows, {sum(map(len, found))} diagnostics)")
    if args.versus:
        versus(args.versus[0], args.versus[1], b, args.rounds)
    if args.compare:
        failed = False
        for name, fn in (("rows.csv", validate_csv), ("rows.jsonl", validate_jsonl)):
            ours = counts(fn(read(args.compare, name), b))
            with open(os.path.join(args.compare, name + ".rust-counts.json"), encoding="utf-8") as f:
                theirs = Counter(json.load(f))
            if ours == theirs:
                print(f"{name}: the same {sum(ours.values())} diagnostics as certwiz")
            else:
                failed = True
                print(f"{name}: DIFFERENT from certwiz")
                for key in sorted(set(ours) | set(theirs)):
                    if ours[key] != theirs[key]:
                        print(f"  {key}: python {ours[key]}, certwiz {theirs[key]}")
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
