#!/usr/bin/env python3
"""gen_comex_table.py - transcribe the FaxComEx contract into the data table of typelib_check_comex.c.

The table is read from the spec markdown (the spec is not in the repository), never from idl/faxcomex.idl:
the check exists to hold that IDL against the spec. Rerun it whenever the spec changes, and commit the output:

    python3 tests/com/gen_comex_table.py /work/shared/spec/faxcomex-api.md > tests/com/typelib_check_comex_table.h

What it reads: the GUID index (0.1), the coclass facts (1.1, 3.2), the type flags (2), the member tables of
4.x and 6.x, the event tables of 5 and 6.16, and the enum tables of 7. Where the spec's tables disagree it
follows the spec's own resolution (3.2 and 13), each noted where it is applied below. The script checks the
spec against itself (slot runs, "N slots in all", get/put DISPIDs, section IIDs against the GUID index, the
counts 0.1 and 1 announce) and stops with a message rather than emit a table it does not believe.
"""
import re
import sys

FIRST_SLOT = 7  # IUnknown 0-2 + IDispatch 3-6 (spec 2)
MAX_PARAMS = 6

# TYPEFLAGS as numbers (oaidl.h): the spec quotes the shipping typelib's values (spec 2).
FDUAL, FNONEXTENSIBLE, FOLEAUTOMATION, FDISPATCHABLE = 0x40, 0x80, 0x100, 0x1000


def die(msg):
    sys.exit("gen_comex_table: " + msg)


def section(text, start, end):
    """Text from the heading line that starts with `start` to the next line that starts with `end`."""
    m = re.search(r"^" + re.escape(start) + r".*?$(.*?)^(?=" + re.escape(end) + r")", text, re.M | re.S)
    if not m:
        die("section %r not found" % start)
    return m.group(1)


def split_params(text):
    """'[in] BSTR a, [out, retval] long *b' -> ['[in] BSTR a', '[out, retval] long *b'] (commas in [] kept)."""
    if text.strip() in ("(none)", ""):
        return []
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    parts.append(cur.strip())
    return parts


def parse_param(text, default_in):
    """One parameter: (name, flags list, default kind, default text)."""
    m = re.match(r"^(?:\[([^\]]*)\]\s*)?(.*?)(\w+)$", text)
    if not m:
        die("cannot read parameter %r" % text)
    attrs = [a.strip() for a in (m.group(1) or default_in).split(",")] if (m.group(1) or default_in) else []
    flags, def_kind, def_text = [], "DEF_NONE", ""
    for a in attrs:
        if a == "in":
            flags.append("PARAMFLAG_FIN")
        elif a == "out":
            flags.append("PARAMFLAG_FOUT")
        elif a == "retval":
            flags.append("PARAMFLAG_FRETVAL")
        elif a == "optional":
            flags.append("PARAMFLAG_FOPT")
        elif a.startswith("defaultvalue("):
            value = a[len("defaultvalue("):-1]
            flags += ["PARAMFLAG_FOPT", "PARAMFLAG_FHASDEFAULT"]
            if value.startswith('"'):
                def_kind, def_text = "DEF_BSTR", value.strip('"')
            else:
                def_kind, def_text = "DEF_I4", value
        else:
            die("unknown parameter attribute %r in %r" % (a, text))
    return m.group(3), flags, def_kind, def_text


def read_guid_index(spec):
    """Spec 0.1: interface -> IID, coclass -> CLSID, interface -> its coclass."""
    iids, clsids, coclass_of = {}, {}, {}
    for name, guid in re.findall(r"^\| (?:DIID|IID) \| (\w+)(?: \(\w+[^)]*\))? \| \{([0-9A-F-]+)\} \|", spec, re.M):
        iids[name] = guid
    xp = section(spec, "### 0.1.2", "### 0.1.3")
    for i, iid, c, clsid in re.findall(r"^\| (IFax\w+) \| \{([0-9A-F-]+)\} \| (Fax\w+) \| \{([0-9A-F-]+)\} \|$", xp, re.M):
        iids[i], clsids[c], coclass_of[i] = iid, clsid, c
    vista = section(spec, "### 0.1.3", "## 1.")
    rows = re.findall(r"^\| (IFax\w+) \| \{([0-9A-F-]+)\} \| (\w+) \| (\(?Fax\w+)[^|]*\| \{([0-9A-F-]+)\} \|$", vista, re.M)
    for i, iid, base, c, clsid in rows:
        iids[i] = iid
        if c.startswith("("):
            # "(FaxServer, same CLSID)": a *2 interface of an XP class.
            c = c[1:]
            if clsids.get(c) != clsid:
                die("0.1.3: %s's class %s has another CLSID in 0.1.2" % (i, c))
        else:
            clsids[c] = clsid
            coclass_of[i] = c
    return iids, clsids, coclass_of, {i: (c[1:] if c.startswith("(") else c) for i, _, _, c, _ in rows}


def nonextensible_set(spec):
    """Spec 2: the interfaces with type flags 4544; every other XP dual interface has 4416."""
    m = re.search(r"value 4544 \(`[^`]*`\) for (.*?);\s+value 4416", spec, re.S)
    if not m:
        die("spec 2: the 4544 list not found")
    return {n.strip() for n in m.group(1).replace("\n", " ").split(",")}


def read_interfaces(spec):
    """Spec 4.x and 6.1-6.15: one dict per dual interface."""
    out = []
    body = section(spec, "## 4. XP", "## 5.") + "\n" + section(spec, "## 6. Vista", "### 6.16")
    for block in re.split(r"^### (?=[46]\.\d+\s)", body, flags=re.M)[1:]:
        head = block.splitlines()[0]
        name = head.split()[1]
        iid = re.search(r"IID: `\{([0-9A-F-]+)\}`", block).group(1)
        base = re.search(r"base: (\w+)", block).group(1)
        flags_text = re.search(r"type flags: ([^;\n]*?)\.(?:\n|$)", block, re.M)
        slots = re.search(r"members (\d+)-(\d+); (\d+) slots in all", block)
        members = []
        for slot, member, kind, dispid, params in re.findall(
                r"^\| (\d+) \| `(\w+)` \| (\w+) \| ([^|]+?) \| `([^`]*)` \|", block, re.M):
            dispid = dispid.replace("[X]", "").replace("?", "").strip()  # 6: the spec's proposals (13, item 1)
            mname = re.sub(r"^(get_|put_|putref_)", "", member)
            invkind = {"propget": "INVOKE_PROPERTYGET", "propput": "INVOKE_PROPERTYPUT",
                       "propputref": "INVOKE_PROPERTYPUTREF", "method": "INVOKE_FUNC"}[kind]
            plist = [parse_param(p, "") for p in split_params(params)]
            members.append(dict(name=mname, kind=invkind, dispid=int(dispid), slot=int(slot), params=plist))
        if not members or not slots:
            die("%s: no member table or slot line" % name)
        out.append(dict(name=name, iid=iid, base=base, flags_text=flags_text.group(1) if flags_text else "",
                        first=int(slots.group(1)), last=int(slots.group(2)), total=int(slots.group(3)),
                        members=members, dispinterface=False))
    return out


def event_members(rows):
    """Event rows (dispid, name, params) -> members; every event parameter is [in] (spec 5, 6.16)."""
    return [dict(name=name, kind="INVOKE_FUNC", dispid=int(dispid), slot=FIRST_SLOT + n,
                 params=[parse_param(p, "in") for p in split_params(params)])
            for n, (dispid, name, params) in enumerate(rows)]


def read_events(spec, iids):
    """Spec 5 (IFaxServerNotify) and 6.16 (the Vista pairs): dispinterfaces and vtable event interfaces."""
    s5 = section(spec, "## 5. Event", "## 6.")
    xp = re.findall(r"^\| (\d+) \| (\w+) \| `([^`]*)` \|", s5, re.M)
    s616 = section(spec, "### 6.16", "## 7.")
    server_part, account_part = s616.split("`_IFaxAccountNotify`", 1)
    extra = re.findall(r"^\| \d+ \| (\w+) \| (\d+) \| `([^`]*)` \|", server_part, re.M)
    account = [(d, n, p) for n, d, p in re.findall(r"^\| \d+ \| (\w+) \| (\d+) \| `([^`]*)` \|", account_part, re.M)]
    # 6.16: the 25 XP events with IFaxServer2 * first, then the new one.
    server2 = [(d, n, p.replace("IFaxServer *", "IFaxServer2 *", 1)) for d, n, p in xp] + [(d, n, p) for n, d, p in extra]
    if len(xp) != 25 or len(server2) != 26 or len(account) != 11:
        die("event counts %d/%d/%d, expected 25/26/11 (spec 5, 6.16)" % (len(xp), len(server2), len(account)))
    out = []
    for name, rows, disp in (("IFaxServerNotify", xp, True), ("IFaxServerNotify2", server2, True),
                             ("_IFaxServerNotify2", server2, False), ("IFaxAccountNotify", account, True),
                             ("_IFaxAccountNotify", account, False)):
        members = event_members(rows)
        out.append(dict(name=name, iid=iids[name], base="IDispatch", flags_text="", first=FIRST_SLOT,
                        last=FIRST_SLOT + len(members) - 1, total=FIRST_SLOT + len(members),
                        members=members, dispinterface=disp))
    return out


def check_interface(i, iids, nonext):
    """The spec against itself, per interface."""
    name = i["name"]
    if iids.get(name) != i["iid"]:
        die("%s: IID %s in its section, %s in the GUID index" % (name, i["iid"], iids.get(name)))
    slots = [m["slot"] for m in i["members"]]
    if slots != list(range(i["first"], i["last"] + 1)) or i["total"] != i["last"] + 1:
        die("%s: slots %s do not run %d-%d of %d" % (name, slots, i["first"], i["last"], i["total"]))
    getters = {m["dispid"] for m in i["members"] if m["kind"] == "INVOKE_PROPERTYGET"}
    for m in i["members"]:
        if m["kind"] in ("INVOKE_PROPERTYPUT", "INVOKE_PROPERTYPUTREF") and m["dispid"] not in getters:
            die("%s.%s: a put without a get of the same DISPID" % (name, m["name"]))
        if len(m["params"]) > MAX_PARAMS:
            die("%s.%s: more than %d parameters" % (name, m["name"], MAX_PARAMS))
    if not i["dispinterface"] and i["flags_text"] and "unknown" not in i["flags_text"]:
        said = "nonextensible" in i["flags_text"]
        if said != (name in nonext):
            die("%s: section says %r, spec 2's 4544 list says otherwise" % (name, i["flags_text"]))


def typeflags(i, nonext):
    if i["dispinterface"]:
        return FDISPATCHABLE  # 4096 (spec 5)
    flags = FDUAL | FOLEAUTOMATION | FDISPATCHABLE  # 4416 (spec 2); Vista ones too (6, 13 item 3)
    return flags | FNONEXTENSIBLE if i["name"] in nonext else flags


def read_coclasses(spec, clsids, coclass_of, vista_class_of):
    """Spec 1.1, 1.3, 3.2 and 13.2: each coclass with its creatable flag and implemented interfaces."""
    s32 = section(spec, "### 3.2", "---")
    m = re.search(r"\[I\] marks (.*?) `noncreatable`", s32, re.S)
    creatable_nine = {n.strip() for n in re.split(r",| and ", m.group(1).replace("\n", " ")) if n.strip()}
    if len(creatable_nine) != 9:
        die("3.2: %d classes in the creatable-flag disagreement, expected 9" % len(creatable_nine))
    # 3.2 item 1 and 13 item 4: follow the shipping typelib, which lacks noncreatable on these nine.
    creatable = creatable_nine | {"FaxServer", "FaxDocument"}
    impls = {c: [(i, "IMPLTYPEFLAG_FDEFAULT")] for i, c in coclass_of.items()}
    # 13 item 2: the XP defaults stay; the *2 interface is implemented beside them.
    for i, c in vista_class_of.items():
        if coclass_of.get(i) != c:
            impls[c].append((i, "0"))
    # 1.1 / 5: FaxServer's [default, source] is IFaxServerNotify. 1.3: Vista adds IFaxServerNotify2 and
    # _IFaxServerNotify2 to FaxServer, and FaxAccount is the source of IFaxAccountNotify/_IFaxAccountNotify.
    impls["FaxServer"] += [("IFaxServerNotify", "IMPLTYPEFLAG_FDEFAULT|IMPLTYPEFLAG_FSOURCE"),
                           ("IFaxServerNotify2", "IMPLTYPEFLAG_FSOURCE"),
                           ("_IFaxServerNotify2", "IMPLTYPEFLAG_FSOURCE")]
    impls["FaxAccount"] += [("IFaxAccountNotify", "IMPLTYPEFLAG_FDEFAULT|IMPLTYPEFLAG_FSOURCE"),
                            ("_IFaxAccountNotify", "IMPLTYPEFLAG_FSOURCE")]
    return [dict(name=c, clsid=clsids[c], creatable=c in creatable, impls=impls[c]) for c in clsids]


def read_enums(spec):
    """Spec 7: every enum with its values, in table order."""
    s7 = section(spec, "## 7. Enumerations", "## 8.")
    enums = []
    for block in re.split(r"^### ", s7, flags=re.M)[1:]:
        head = block.splitlines()[0]
        m = re.match(r"7\.\d+ (FAX_\w+)", head)
        if m:
            rows = [(n, int(v, 0)) for n, v in re.findall(r"^\| (\w+) \| (0x[0-9A-Fa-f]+|\d+) \|", block, re.M)]
            enums.append(dict(name=m.group(1), values=rows, vista=False))
            continue
        for line in block.splitlines():
            mm = re.match(r"^\| (FAX_\w+)(?: \(flags\))? \| (.*?) \|", line)
            if mm:
                values = [(n, int(v, 0)) for n, v in re.findall(r"(\w+) \((0x[0-9A-Fa-f]+|\d+)\)", mm.group(2))]
                enums.append(dict(name=mm.group(1), values=values, vista=head.startswith("7.9")))
    return enums


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def emit(libid, interfaces, coclasses, enums, out):
    w = out.write
    w("/* Generated by tests/com/gen_comex_table.py from faxcomex-api.md; do not edit, rerun it:\n")
    w(" *   python3 tests/com/gen_comex_table.py /work/shared/spec/faxcomex-api.md > tests/com/typelib_check_comex_table.h\n")
    w(" * The contract transcribed: not derived from idl/faxcomex.idl, which this table is there to check. */\n\n")
    w("#define COMEX_LIBID %s\n" % c_str("{%s}" % libid))
    for i in interfaces:
        w("\nstatic const COMEX_MEMBER members_%s[] = {\n" % i["name"])
        for m in i["members"]:
            params = ", ".join("{ %s, %s, %s, %s }" % (c_str(n), "|".join(f) or "0", dk, c_str(dt))
                               for n, f, dk, dt in m["params"])
            w("    { %s, %s, %d, %d, %d, { %s } },\n" % (c_str(m["name"]), m["kind"], m["dispid"], m["slot"],
                                                      len(m["params"]), params))
        w("};\n")
    w("\nstatic const COMEX_IFACE comex_interfaces[] = {\n")
    for i in interfaces:
        w("    { %s, %s, %s, %s, 0x%x, %d, members_%s, %d },\n" % (
            c_str(i["name"]), c_str("{%s}" % i["iid"]), "COMEX_DISPINTERFACE" if i["dispinterface"] else "COMEX_DUAL",
            c_str(i["base"]), i["typeflags"], i["first"], i["name"], len(i["members"])))
    w("};\n#define N_COMEX_INTERFACES %d\n" % len(interfaces))
    for c in coclasses:
        w("\nstatic const COMEX_IMPL impls_%s[] = {\n" % c["name"])
        for name, flags in c["impls"]:
            w("    { %s, %s },\n" % (c_str(name), flags))
        w("};\n")
    w("\nstatic const COMEX_COCLASS comex_coclasses[] = {\n")
    for c in coclasses:
        w("    { %s, %s, %d, impls_%s, %d },\n" % (c_str(c["name"]), c_str("{%s}" % c["clsid"]), c["creatable"],
                                                   c["name"], len(c["impls"])))
    w("};\n#define N_COMEX_COCLASSES %d\n" % len(coclasses))
    for e in enums:
        w("\nstatic const COMEX_ENUM_VALUE values_%s[] = {\n" % e["name"])
        for n, v in e["values"]:
            w("    { %s, 0x%08x },\n" % (c_str(n), v))
        w("};\n")
    w("\nstatic const COMEX_ENUM comex_enums[] = {\n")
    for e in enums:
        w("    { %s, values_%s, %d },\n" % (c_str(e["name"]), e["name"], len(e["values"])))
    w("};\n#define N_COMEX_ENUMS %d\n" % len(enums))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_comex_table.py faxcomex-api.md > typelib_check_comex_table.h")
    spec = open(sys.argv[1], encoding="utf-8").read()
    iids, clsids, coclass_of, vista_class_of = read_guid_index(spec)
    nonext = nonextensible_set(spec)
    interfaces = read_interfaces(spec) + read_events(spec, iids)
    for i in interfaces:
        check_interface(i, iids, nonext)
        i["typeflags"] = typeflags(i, nonext)
    duals = [i for i in interfaces if not i["dispinterface"]]
    # Spec 0 scope line: 40 XP + 15 Vista dual interfaces (+ the two Vista vtable event interfaces of 6.16),
    # 560 vtable members (3.1); 40 + 10 coclasses; 18 + 2 enums.
    if len(duals) != 57 or sum(len(i["members"]) for i in duals[:55]) != 560:
        die("%d dual interfaces / %d members, expected 57 / 560" % (len(duals), sum(len(i["members"]) for i in duals[:55])))
    if len(nonext) != 14:
        die("spec 2 names %d nonextensible interfaces, expected 14" % len(nonext))
    coclasses = read_coclasses(spec, clsids, coclass_of, vista_class_of)
    enums = read_enums(spec)
    if len(coclasses) != 50 or len(enums) != 20 or sum(not e["vista"] for e in enums) != 18:
        die("%d coclasses / %d enums, expected 50 / 20 (18 XP)" % (len(coclasses), len(enums)))
    # 0.1.1 and 1 both give the LIBID.
    libid = re.search(r"^\| LIBID \| FAXCOMEXLib 1\.0 \| \{([0-9A-F-]+)\} \|", spec, re.M).group(1)
    if "| LIBID | `{%s}`" % libid not in spec:
        die("the LIBID of 0.1.1 is not the one of section 1")
    emit(libid, interfaces, coclasses, enums, sys.stdout)


if __name__ == "__main__":
    main()
