"""``naskah new DIR``: a new thesis project that builds and passes ``check`` at once.

The files come from ``naskah/data/new/files/`` (``gitignore`` and ``github/`` are stored without
their dot so packaging keeps them, and renamed here). ``thesis.yaml`` is generated: every field
of the schema (``naskah/config/schema.py``), in its order, with the built-in profile's values
and an Indonesian comment from ``naskah/data/new/fields.yaml`` — so a field added to the schema
appears in new projects without editing a template.

``requirements.txt`` records how this naskah was installed (a Git URL and commit, or a version
from the package index), so the project's workflow installs the naskah that created it.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from ..config import parse_config, profiles
from ..diagnostics import Report
from ..fsutil import beside

RENAMES = {"gitignore": ".gitignore", "github": ".github"}
PLACEHOLDER = "naskah @ git+https://github.com/OWNER/naskah"
WIDTH = 100


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("new", parents=[common], help="start a new thesis project in DIR",
                       description="Create a thesis project: thesis.yaml with every field, five "
                                   "chapter stubs, front matter, an empty references.bib, a "
                                   "GitHub workflow and .gitignore. DIR must not exist or be "
                                   "empty.")
    p.add_argument("dir", type=Path, metavar="DIR", help="the new project folder")
    p.add_argument("--profile", metavar="NAME", default="default",
                   choices=profiles.builtin_names(),
                   help="the university profile the thesis follows (see `naskah profiles`)")
    p.add_argument("--naskah", metavar="REQUIREMENT", default=None,
                   help="how the project's CI installs naskah, as a requirements.txt line "
                        "(default: how this naskah was installed)")


def run(args: argparse.Namespace, report: Report) -> int:
    target: Path = args.dir
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"{target}: error: not an empty folder; naskah new only fills a new or empty "
              "folder", file=sys.stderr)
        return 1
    above = next((p for p in target.absolute().parents if p.exists()), None)
    if above is not None and not above.is_dir():
        print(f"{above}: error: is a file, so no folder can be made inside it", file=sys.stderr)
        return 1
    requirement, known = (args.naskah, True) if args.naskah else install_requirement()
    try:
        count = create(target, requirement, args.profile)
    except OSError as exc:
        print(f"{target}: error: cannot create the project: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    print(f"created {target} ({count} files)", file=sys.stderr)
    if not known:
        print(f"{target / 'requirements.txt'}: warning: could not tell where this naskah comes "
              f"from; put the line that installs it there (now '{requirement}')",
              file=sys.stderr)
    print(f"next: cd {target} && python build.py check && python build.py", file=sys.stderr)
    return 0


def create(target: Path, requirement: str, profile: str = "default") -> int:
    """Write the project into a temporary folder beside ``target``, then move it into place,
    so a failure never leaves half a project behind."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp, _ = beside(target, lambda p: p.mkdir(0o777))
    try:
        count = _copy(resources.files("naskah.data").joinpath("new/files"), tmp, top=True)
        (tmp / "thesis.yaml").write_text(thesis_yaml(profile), encoding="utf-8")
        _chapter_titles(tmp / "chapters", profile)
        (tmp / "requirements.txt").write_text(requirements_txt(requirement), encoding="utf-8")
        (tmp / "figures").mkdir()
        (tmp / "figures" / ".gitkeep").write_text("", encoding="utf-8")
        if target.exists():
            target.rmdir()  # empty, checked by the caller
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count + 3


def _copy(src: Traversable, dest: Path, top: bool = False) -> int:
    count = 0
    for item in src.iterdir():
        name = RENAMES.get(item.name, item.name) if top else item.name
        if item.name in ("__pycache__", "__init__.py"):
            continue
        if item.is_dir():
            (dest / name).mkdir()
            count += _copy(item, dest / name)
        else:
            (dest / name).write_bytes(item.read_bytes())
            count += 1
    return count


# --- thesis.yaml -------------------------------------------------------------------------------

def _fields_data() -> dict[str, Any]:
    text = resources.files("naskah.data").joinpath("new/fields.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def thesis_yaml(profile: str = "default") -> str:
    """Every field of the schema with its Indonesian comment and its default or placeholder.

    With a profile other than ``default``, ``format:`` and ``citations:`` are written as
    comments showing the profile's values: written out, they would pin every knob and a later
    change of ``profile:`` would do nothing.
    """
    data = _fields_data()
    values = dict(data.get("values") or {})
    values.update(_profile_new(profile).get("values") or {})
    values.setdefault("year", str(date.today().year))
    values["profile"] = profile
    defaults = parse_config(f"profile: {profile}\ntitle: x\nauthor: x\n", Report())
    assert defaults is not None
    lines = data["header"].rstrip("\n").split("\n")
    _fields(defaults, "", 0, lines, data, values,
            commented=() if profile == "default" else ("format", "citations"))
    return "\n".join(lines) + "\n"


def _profile_new(profile: str) -> dict[str, Any]:
    """The profile's ``new:`` section: what a new thesis in that guide starts with (chapter
    names, thesis.yaml values such as ITS's ``kind: tugas-akhir``)."""
    return profiles.builtin(profile).data.get("new") or {}


def _chapter_titles(folder: Path, profile: str) -> None:
    """The chapter names the profile's guide uses (IPB: SIMPULAN DAN SARAN), in file order."""
    titles = _profile_new(profile).get("chapters") or []
    for path, title in zip(sorted(folder.glob("*.md")), titles, strict=False):
        text = path.read_text("utf-8")
        head, _, rest = text.partition("\n")
        if head.startswith("# "):
            path.write_text(f"# {title}\n{rest}", encoding="utf-8")


def _comment(text: str, pad: str) -> list[str]:
    return [f"{pad}# {line}" for line in textwrap.wrap(text, WIDTH - len(pad) - 2)]


def _doc(data: dict[str, Any], dotted: str, field: dataclasses.Field[Any]) -> str:
    return (data.get("comments") or {}).get(dotted) or field.metadata.get("doc", "")


def _fields(obj: Any, path: str, depth: int, lines: list[str], data: dict[str, Any],
            values: dict[str, Any], commented: tuple[str, ...] = ()) -> None:
    for field in dataclasses.fields(obj):
        dotted = f"{path}.{field.name}" if path else field.name
        if not path and dotted in (data.get("sections") or {}):
            lines += ["", f"# --- {data['sections'][dotted]} ---"]
        if dotted in commented:
            section: list[str] = []
            _field(obj, field, dotted, depth, section, data, values)
            lines += [line if line.lstrip().startswith("#") else f"# {line}"
                      for line in section]
        else:
            _field(obj, field, dotted, depth, lines, data, values)


def _field(obj: Any, field: dataclasses.Field[Any], dotted: str, depth: int, lines: list[str],
           data: dict[str, Any], values: dict[str, Any]) -> None:
    pad = "  " * depth
    lines += _comment(_doc(data, dotted, field), pad)
    value = values.get(dotted, getattr(obj, field.name))
    if dataclasses.is_dataclass(value):
        lines.append(f"{pad}{field.name}:")
        _fields(value, dotted, depth + 1, lines, data, values)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        lines.append(f"{pad}{field.name}:")
        _people(value, dotted, pad, lines, data)
    elif isinstance(value, dict) and value:
        lines.append(f"{pad}{field.name}:")
        for key, item in value.items():
            if isinstance(item, list) and item and isinstance(item[0], list):
                lines.append(f"{pad}  {_flow(str(key))}:")
                lines += [f"{pad}    - {_flow(x)}" for x in item]
            else:
                lines.append(f"{pad}  {_flow(str(key))}: {_flow(item)}")
    else:
        lines.append(f"{pad}{field.name}: {_flow(value)}")


def _people(people: list[dict[str, Any]], dotted: str, pad: str, lines: list[str],
            data: dict[str, Any]) -> None:
    """A list of Person mappings; the first one carries the comments of its fields."""
    from ..config.schema import Person

    for i, person in enumerate(people):
        for j, field in enumerate(dataclasses.fields(Person)):
            lead = f"{pad}  - " if j == 0 else f"{pad}    "
            line = f"{lead}{field.name}: {_flow(person.get(field.name, ''))}"
            if i == 0:
                line = f"{line:<40}  # {_doc(data, f'{dotted}.{field.name}', field)}"
            lines.append(line)


def _flow(value: Any) -> str:
    """A value in YAML flow style on one line (quoted where YAML needs it)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and str(value).isdigit():
        return json.dumps(value)
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6,
                          sort_keys=False).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


# --- how CI installs naskah -----------------------------------------------------------------------

def requirements_txt(requirement: str) -> str:
    return textwrap.dedent(f"""\
        # naskah yang dipasang oleh alur kerja GitHub (.github/workflows/thesis.yml) dan oleh
        # `pip install -r requirements.txt` di komputer Anda. Dicatat oleh `naskah new` dari naskah
        # yang membuat proyek ini; ganti baris di bawah untuk memakai versi lain.
        {requirement}
        """)


def install_requirement() -> tuple[str, bool]:
    """The requirement line that installs this naskah elsewhere, and whether it is known.

    In order: the Git URL and commit pip recorded when it installed naskah from Git (PEP 610),
    the version when it came from a package index, the ``origin`` remote and commit of the Git
    checkout naskah runs from (a cloned sample repository), else a placeholder to edit.
    """
    try:
        dist = importlib.metadata.distribution("naskah")
    except importlib.metadata.PackageNotFoundError:
        dist = None
    if dist is not None:
        direct = dist.read_text("direct_url.json")
        if not direct:
            return f"naskah=={dist.version}", True
        info = json.loads(direct)
        vcs = info.get("vcs_info")
        if vcs:
            rev = vcs.get("commit_id") or vcs.get("requested_revision")
            return f"naskah @ {vcs.get('vcs', 'git')}+{info['url']}" + (f"@{rev}" if rev
                                                                          else ""), True
    checkout = Path(__file__).resolve().parents[2]
    found = git_origin(checkout)
    return (found, True) if found else (PLACEHOLDER, False)


def git_origin(root: Path) -> str | None:
    """``naskah @ git+URL@COMMIT`` for a Git checkout with an ``origin`` remote."""
    if not (root / ".git").exists():
        return None

    def git(*args: str) -> str | None:
        try:
            proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                  text=True, timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else None

    url = git("remote", "get-url", "origin")
    if not url:
        return None
    if url.startswith("git@") and ":" in url:
        host, _, repo = url[4:].partition(":")
        url = f"https://{host}/{repo}"
    commit = git("rev-parse", "HEAD")
    return f"naskah @ git+{url}" + (f"@{commit}" if commit else "")
