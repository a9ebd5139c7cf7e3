"""Access matrix of Factory Suite, generated from the code (``make access-matrix``).

For the 9 factory roles × every model the suite defines or extends:

- read / write / create / unlink: Odoo's access rights (ir.model.access) and
  record rules (ir.rule) as they apply to a user of the role, summarized
  (``all``, ``own WH`` for the user's *Factory Warehouses*, ``own`` for
  records of the user, ``–`` for none);
- every action button (object buttons of the suite's views and the public
  ``action_*`` methods the suite defines): whether the role sees it (the
  views' ``groups=``), the groups the method itself checks, and what happens
  when the role calls it over RPC on a suitable record (run in a rolled-back
  savepoint: ``yes``, ``denied`` = AccessError, ``refused`` = UserError /
  ValidationError).

The records come from access_matrix_world.py and access_matrix_cases.py
(with access_matrix_cases_more.py and access_matrix_alerts.py);
``tests/test_access_matrix.py`` regenerates the table, fails when
docs/access_matrix.md differs, and checks every read / write / create /
unlink cell by real calls as each role.

    python tests/access_matrix.py -c <odoo conf> -d <database> [--check]
"""

import argparse
import ast
import difflib
import inspect
import sys
import textwrap
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

import odoo
from odoo.exceptions import AccessError
from odoo.service.model import get_public_method

sys.path.insert(0, str(Path(__file__).resolve().parent))
import access_matrix_alerts  # noqa: F401 - adds the factory_alerts cases
import access_matrix_cases_more  # noqa: F401 - adds the api, outsourcing, voucher, reports cases
from access_matrix_buttons import BUTTONS
from access_matrix_calls import (
    ALL,
    DENIED,
    NONE,
    OWN,
    OWN_WH,
    Observer,
    attempt,
)
from access_matrix_cases import CASES
from access_matrix_world import ROLES, World

DOC = Path(__file__).resolve().parent.parent / "docs" / "access_matrix.md"
MODES = ("read", "write", "create", "unlink")
GROUP_CHECKS = {"has_group", "has_groups", "user_has_groups", "_has_group"}


@dataclass
class Matrix:
    world: World
    models: list  # [(model, description, modules)]
    abstract: list  # [(model, description)]
    crud: dict = field(default_factory=dict)  # (model, role, mode) -> label
    rules: dict = field(default_factory=dict)  # model -> {rule name: label}
    records: dict = field(default_factory=dict)  # model -> error or None
    observed: dict = field(default_factory=dict)  # (model, role, mode) -> calls
    buttons: list = field(default_factory=list)  # [Button]


@dataclass
class Button:
    model: str
    method: str
    label: str
    checks: list
    shown: set  # role keys that see it in a view; None: in no view
    outcomes: dict  # role -> outcome; empty: not exercised
    note: str = ""


def suite_classes(model):
    return [
        cls
        for cls in type(model).__mro__
        if (getattr(cls, "_module", None) or "").startswith("factory_")
    ]


def discover_models(env):
    models, abstract = [], []
    for name in sorted(env.registry):
        model = env[name]
        classes = suite_classes(model)
        if not classes:
            continue
        if model._abstract:
            abstract.append((name, model._description))
            continue
        modules = sorted({cls._module for cls in classes})
        models.append((name, model._description, modules))
    return models, abstract


# ---------------------------------------------------------------- rules / ACL
def classify_rule(rule):
    """What a record rule restricts to, from its domain."""
    domain = "".join((rule.domain_force or "").split())
    if not domain or domain in ("[]", "[(1,'=',1)]", '[(1,"=",1)]'):
        return ALL
    if "factory_warehouse_ids" in domain:
        return OWN_WH
    if "user.id" in domain or "user.partner_id" in domain:
        return OWN
    if "company_id" in domain:
        return "company"
    return f"rule “{rule.name}”"


def applicable_rules(env, user, model, mode):
    Rule = env["ir.rule"].with_user(user)
    rules = Rule._get_rules(model, mode)
    for parent in env[model]._inherits:
        rules |= Rule._get_rules(parent, mode)
    return rules.sudo()


def crud_label(env, user, model, mode):
    """(label, {rule name: kind}) of one role on one model and operation."""
    if not env["ir.model.access"].with_user(user).check(model, mode, False):
        return NONE, {}
    rules = applicable_rules(env, user, model, mode)
    kinds = {rule.name: classify_rule(rule) for rule in rules}
    restrictions = sorted(
        {kinds[r.name] for r in rules if not r.groups} - {ALL, "company"}
    )
    granted = {kinds[r.name] for r in rules if r.groups}
    if granted and not granted & {ALL, "company"}:
        restrictions.append(" or ".join(sorted(granted)))
    return " and ".join(restrictions) or ALL, kinds


# ------------------------------------------------------------------- buttons
def view_buttons(env):
    """{model: {method: label}} of the object buttons in the suite's views."""
    found = {}
    data = env["ir.model.data"].search(
        [("module", "=like", "factory\\_%"), ("model", "=", "ir.ui.view")]
    )
    for view in env["ir.ui.view"].browse(data.mapped("res_id")).sorted("id"):
        arch = etree.fromstring(view.arch_db.encode())
        for node in arch.iter("button"):
            if node.get("type") != "object" or not node.get("name"):
                continue
            label = node.get("string") or node.get("title") or ""
            label = label or " ".join("".join(node.itertext()).split())
            methods = found.setdefault(_button_model(env, view.model, node), {})
            if not methods.get(node.get("name")):
                methods[node.get("name")] = label
    return found


def _button_model(env, model, node):
    """The model a button calls: a button in the list or form of a relational
    field (a document's lines) belongs to the field's model."""
    # (an inheriting view's <field position="after|before|replace"> only
    # places its content beside the field)
    fields_path = [
        parent.get("name")
        for parent in reversed(list(node.iterancestors("field")))
        if parent.get("name") and parent.get("position", "inside") == "inside"
    ]
    for name in fields_path:
        field = env[model]._fields.get(name) if model in env else None
        if field is None or not field.relational:
            break
        model = field.comodel_name
    return model


def suite_buttons(env, model, from_views):
    """[(method, label)]: buttons of the suite's views, then the public
    ``action_*`` methods the suite defines (not overrides of Odoo's)."""
    buttons = dict(from_views.get(model, {}))
    records = env[model]
    odoo_defined = set()
    for cls in type(records).__mro__:
        if cls not in suite_classes(records):
            odoo_defined.update(vars(cls))
    for cls in suite_classes(records):
        for name in vars(cls):
            if name.startswith("action_") and name not in odoo_defined:
                buttons.setdefault(name, "")
    return sorted(buttons.items())


def private_methods(env, models):
    """{private method name: [models whose suite code defines it]}"""
    defined = {}
    for model, _description, _modules in models:
        for cls in suite_classes(env[model]):
            for name, value in vars(cls).items():
                if name.startswith("_") and callable(value):
                    defined.setdefault(name, set()).add(model)
    return defined


def _calls(func):
    """(method name, first argument value) of the attribute calls in the
    source of ``func``; a name argument is resolved in its module."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Constant):
                value = arg.value
            elif isinstance(arg, ast.Name):
                value = func.__globals__.get(arg.id)
            else:
                value = None
            yield node.func.attr, value


def method_checks(env, model, method, defined):
    """Display names of the groups the method checks with has_group(), and
    the private suite methods it calls: on the same model, or on the one
    suite model that defines a method of that name."""
    found, seen, todo = set(), set(), [(model, method)]
    while todo:
        current, name = todo.pop()
        if (current, name) in seen:
            continue
        seen.add((current, name))
        for cls in suite_classes(env[current]):
            func = vars(cls).get(name)
            for attr, value in _calls(func) if callable(func) else ():
                if attr in GROUP_CHECKS and isinstance(value, str):
                    found.update(value.split(","))
                elif current in defined.get(attr, ()):
                    todo.append((current, attr))
                elif len(defined.get(attr, ())) == 1:
                    todo.append((next(iter(defined[attr])), attr))
    names = set()
    for xmlid in found:
        group = env.ref(xmlid.lstrip("!"), raise_if_not_found=False)
        if group:
            names.add(("not " if xmlid.startswith("!") else "") + group.name)
    return sorted(names)


def shown_to(env, world, model, methods):
    """{method: role keys that see the button} over the model's primary views
    (form, list, kanban) that contain it; None when in no view."""
    views = env["ir.ui.view"].search(
        [
            ("model", "=", model),
            ("mode", "=", "primary"),
            ("type", "in", ("form", "list", "kanban")),
        ]
    )
    shown = {method: None for method in methods}
    for view in views:
        present = {
            node.get("name")
            for node in view._get_combined_arch().iter("button")
            if node.get("type") == "object"
        } & set(methods)
        if not present:
            continue
        for key, user in world.users.items():
            try:
                arch = env[model].with_user(user).get_view(view.id, view.type)
            except AccessError:  # cannot open the model's views at all
                visible = set()
            else:
                visible = {
                    node.get("name")
                    for node in etree.fromstring(arch["arch"].encode()).iter("button")
                    if node.get("type") == "object"
                }
            for method in present:
                shown[method] = shown[method] or set()
                if method in visible:
                    shown[method].add(key)
    return shown


def run_button(world, model, method, fixture):
    """{role: outcome} of calling ``method`` as each role on the record the
    fixture makes (inside a savepoint rolled back afterwards)."""
    env = world.env
    results = {}
    with closing(env.cr.savepoint()):
        record = fixture(world)
        env.flush_all()
        for key, user in world.users.items():
            records = env[model].with_user(user)
            func = get_public_method(records, method)
            results[key] = call_as(records, func.__name__, record.ids)
    env.invalidate_all()
    return results


def call_as(records, method, ids):
    """An RPC call (odoo.api.call_kw) of ``method`` on ``ids``."""
    result = attempt(
        records.env, lambda: odoo.api.call_kw(records, method, [ids], {}), clear=True
    )
    return {"done": "yes", DENIED: "denied"}.get(result, result)


# ------------------------------------------------------------------ generate
def generate(env):
    env = env(context={}, su=True)
    world = World(env)
    models, abstract = discover_models(env)
    matrix = Matrix(world=world, models=models, abstract=abstract)
    for model, _description, _modules in models:
        rules = {}
        for key, user in world.users.items():
            for mode in MODES:
                label, kinds = crud_label(env, user, model, mode)
                matrix.crud[model, key, mode] = label
                rules.update(kinds)
        matrix.rules[model] = rules
        case = CASES.get(model)
        matrix.records[model] = case.build(world) if case else "no test case"
    observer = Observer(world)
    for model, _description, _modules in models:
        for key, user in world.users.items():
            for mode in MODES:
                if not untested(matrix, model, key, mode):
                    matrix.observed[model, key, mode] = observer.observe(
                        CASES[model], model, user, mode, matrix.crud[model, key, mode]
                    )
    from_views = view_buttons(env)
    defined = private_methods(env, models)
    for model, _description, _modules in models:
        buttons = suite_buttons(env, model, from_views)
        if not buttons:
            continue
        shown = shown_to(env, world, model, [method for method, _ in buttons])
        for method, label in buttons:
            button = Button(
                model=model,
                method=method,
                label=label,
                checks=method_checks(env, model, method, defined),
                shown=shown[method],
                outcomes={},
            )
            fixture = BUTTONS.get((model, method))
            if fixture is None:
                button.note = "no test record"
            else:
                try:
                    button.outcomes = run_button(world, model, method, fixture)
                except Exception as error:  # noqa: BLE001 - reported
                    button.note = f"test record failed: {type(error).__name__}"
            matrix.buttons.append(button)
    return matrix


# -------------------------------------------------------------------- render
def denied_in_practice(matrix, model, key, mode):
    """The rights allow the operation, yet the real call is refused with an
    AccessError (on records it touches: a transfer's moves, a line's move)."""
    calls = matrix.observed.get((model, key, mode), ())
    return any(
        exp != DENIED and obs == DENIED and not what.startswith("has_access")
        for what, exp, obs in calls
    )


def untested(matrix, model, key, mode):
    """Why the cell cannot be checked by real calls, or None."""
    error = matrix.records.get(model)
    if error:
        return error
    label = matrix.crud[model, key, mode]
    case = CASES[model]
    if label == OWN and not case.owned:
        return "no record of the user's own"
    if label == OWN_WH and not case.has_other:
        return "no record of another warehouse"
    if label not in (ALL, OWN_WH, OWN, NONE):
        return "rule not exercised"
    if mode == "create" and label != NONE and not case.create:
        return "no values to create"
    return None


INTRO = (
    "Generated from the code by `make access-matrix` (tests/access_matrix.py) "
    "on the test database: do not edit by hand. `tests/test_access_matrix.py` "
    "regenerates it, fails when this file differs, and checks every cell "
    "against real calls made as a user of each role."
)
WAREHOUSES = (
    "Each role user is assigned one warehouse (*Factory Warehouses*); records "
    "are made in that warehouse and in another one."
)
CRUD_LEGEND = (
    "Each cell: read / write / create / unlink. `all`: every record of the "
    "user's companies (multi-company rules apply to everyone and are not "
    "shown); `own WH`: records of the user's warehouses; `own`: the user's own "
    "records; `–`: no access (AccessError). Access rights and record rules "
    "only: the models' own checks (protected workflow fields, states, "
    "segregation of duties) come on top. Checked by a read, search, write, "
    "create and unlink as the user, on a record of the user's warehouse (or of "
    "the user) and one of the other warehouse (or of another user). `†`: "
    "allowed by the rights, but the real call is refused with an AccessError "
    "on records the operation touches (e.g. a transfer's moves). `*`: not "
    "checked by a real call (see the list below)."
)
BUTTON_LEGEND = (
    "Each cell: what a call of the button over RPC (`call_kw`) as the role "
    "does on a suitable record of the role's warehouse, in a savepoint rolled "
    "back afterwards: `yes`, `denied` (AccessError), `refused` (UserError / "
    "ValidationError: the method's own checks, e.g. its group check, the "
    "state, segregation of duties). `(hidden)`: the views do not show the "
    "button to the role (`groups=`, or no access to the view's model). "
    "*Checks*: groups the method itself tests (`has_group`). `n/t`: not "
    "exercised."
)
ABSTRACT = (
    "No records, hence no rights of their own: their RPC methods check the "
    "caller themselves (the barcode view's `factory.scan` is covered by its "
    "tests and the fuzz tests)."
)


def render(matrix):
    env = matrix.world.env
    roles = [(key, title) for key, _, title in ROLES]
    out = ["# Access matrix", "", INTRO, "", "## Roles", ""]
    out += ["| column | role (group) |", "|---|---|"]
    for _key, xmlid, title in ROLES:
        out.append(f"| {title} | {env.ref(xmlid).name} (`{xmlid}`) |")
    out += ["", WAREHOUSES, "", "## Read / write / create / unlink", ""]
    out += [CRUD_LEGEND, ""]
    out += [
        "| model | " + " | ".join(title for _, title in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    missing = []
    for model, description, _modules in matrix.models:
        cells = []
        for key, title in roles:
            parts = []
            for mode in MODES:
                label = matrix.crud[model, key, mode]
                reason = untested(matrix, model, key, mode)
                if reason:
                    missing.append(f"{model}: {title} {mode} ({reason})")
                if denied_in_practice(matrix, model, key, mode):
                    label += "†"
                parts.append(label + ("*" if reason else ""))
            cells.append(" / ".join(parts))
        out.append(f"| `{model}` {description} | " + " | ".join(cells) + " |")
    out += ["", "Record rules per model (kind of restriction):", ""]
    for model, _description, _modules in matrix.models:
        rules = {
            name: kind
            for name, kind in matrix.rules[model].items()
            if kind not in ("company",)
        }
        if rules:
            text = "; ".join(f"{name}: {kind}" for name, kind in sorted(rules.items()))
            out.append(f"- `{model}`: {text}")
    out += ["", "## Action buttons", "", BUTTON_LEGEND, ""]
    out += [
        "| model | button | checks | " + " | ".join(t for _, t in roles) + " |",
        "|---|---|---|" + "---|" * len(roles),
    ]
    for button in matrix.buttons:
        cells = []
        for key, _title in roles:
            cell = button.outcomes.get(key, "n/t")
            if button.shown is not None and key not in button.shown:
                cell += " (hidden)"
            cells.append(cell)
        name = f"`{button.method}`" + (f" {button.label}" if button.label else "")
        if button.shown is None:
            name += " (in no view)"
        if button.note:
            missing.append(f"{button.model}.{button.method}: {button.note}")
        checks = ", ".join(button.checks) or "–"
        out.append(
            f"| `{button.model}` | {name} | {checks} | " + " | ".join(cells) + " |"
        )
    out += ["", "## Abstract models", "", ABSTRACT, ""]
    out += [f"- `{model}` {description}" for model, description in matrix.abstract]
    out += ["", "## Not checked by a real call", ""]
    out += [f"- {line}" for line in missing] or ["- none"]
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--check", action="store_true", help="only compare with docs/access_matrix.md"
    )
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        try:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            text = render(generate(env))
        finally:
            cr.rollback()
    if args.check:
        old = DOC.read_text() if DOC.exists() else ""
        if old != text:
            sys.stdout.writelines(
                difflib.unified_diff(
                    old.splitlines(True), text.splitlines(True), str(DOC), "generated"
                )
            )
            return 1
        print(f"{DOC} is up to date")
        return 0
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text)
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
