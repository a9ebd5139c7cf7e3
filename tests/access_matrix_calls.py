"""Real calls behind each read / write / create / unlink cell of the matrix.

For a cell (model, role, operation) with the label the access rights and
record rules give, ``observe`` makes the attempts as the role's user, each
in a savepoint rolled back afterwards, on records (or create values) from
access_matrix_cases.py:

- ``–``: a record of the user's warehouse must be refused (AccessError);
- ``all``: records of both warehouses are allowed;
- ``own WH``: the user's warehouse allowed, the other refused;
- ``own``: a record of the user allowed, another user's refused.

"Allowed" means the access checks were passed: the model's own checks may
still refuse the operation (UserError, ValidationError, a database
constraint). Any other exception is recorded as a crash.
"""

from contextlib import closing

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

ALL, OWN_WH, OWN, NONE = "all", "own WH", "own", "–"
DENIED, ALLOWED = "denied", "allowed"


def attempt(env, call, clear=False):
    """denied / refused / done / error: <type> of ``call`` in a savepoint
    rolled back afterwards, with an empty cache (as a new request).
    ``clear``: also empty the registry's caches afterwards (what the call
    cached about records it made is gone with the savepoint)."""
    env.flush_all()
    env.invalidate_all()
    try:
        # a refused delete (foreign key) is an answer here, not an error
        with mute_logger("odoo.sql_db"), closing(env.cr.savepoint()):
            call()
    except AccessError:
        result = DENIED
    except (UserError, ValidationError, psycopg2.Error):
        result = "refused"
    except Exception as error:  # noqa: BLE001 - a crash, reported
        result = f"error: {type(error).__name__}"
    else:
        result = "done"
    env.invalidate_all()
    if clear and result != DENIED:
        env.registry.clear_cache()
        env.transaction.reset()  # e.g. env.companies of the role's user
    return result


def matches(expected, observed):
    if observed.startswith("error"):
        return False
    return (observed == DENIED) == (expected == DENIED)


class Observer:
    """Makes the attempts of every cell; records of a user and create values
    are made once (outside the savepoints) and kept."""

    def __init__(self, world):
        self.world = world
        self.env = world.env
        self.owned = {}
        self.values = {}

    def observe(self, case, model, user, mode, label):
        """[(what, expected, observed)] of the cell."""
        own, other = case.records(self.world)
        if mode == "create":
            return self._observe_create(case, model, user, label, other)
        if label == OWN:
            mine = self.owned.get((model, user.id))
            if mine is None:
                mine = self.owned[model, user.id] = case.owned(self.world, user)
            targets = [("the user's record", mine, ALLOWED)]
            targets.append(("another user's record", other, DENIED))
        else:
            targets = [("a record of the user's warehouse", own, ALLOWED)]
            if label == NONE:
                targets = [("a record of the user's warehouse", own, DENIED)]
            elif other is not None:
                expected = DENIED if label == OWN_WH else ALLOWED
                targets.append(("a record of the other warehouse", other, expected))
        result = []
        for what, records, expected in targets:
            records = records.with_user(user)
            self.env.invalidate_all()
            checked = DENIED if not records.has_access(mode) else "done"
            result.append((f"has_access({mode}) on {what}", expected, checked))
            if mode == "read":
                result.append(
                    (f"read {what}", expected, attempt(self.env, _read(records)))
                )
                result.append((f"search {what}", expected, self._search(records)))
            elif mode == "write":
                call = _write(records)
                result.append((f"write {what}", expected, attempt(self.env, call)))
            else:
                call = _unlink(records)
                outcome = attempt(self.env, call, clear=True)
                result.append((f"unlink {what}", expected, outcome))
        return result

    def _observe_create(self, case, model, user, label, other):
        own_wh, other_wh = self.world.wh_own, self.world.wh_other
        targets = [(own_wh, DENIED if label == NONE else ALLOWED)]
        if label == OWN_WH:
            targets.append((other_wh, DENIED))
        elif label == ALL and other is not None:
            targets.append((other_wh, ALLOWED))
        result = []
        for warehouse, expected in targets:
            key = (model, user.id, warehouse.id)
            if key not in self.values:
                self.values[key] = case.create(self.world, user, warehouse)
            call = _create(self.env[model].with_user(user), self.values[key])
            what = f"create in the {'other' if warehouse == other_wh else 'own'} WH"
            result.append((what, expected, attempt(self.env, call, clear=True)))
        return result

    def _search(self, records):
        """done when a search as the user finds the records, else denied."""
        self.env.invalidate_all()
        try:
            found = records.search_count([("id", "in", records.ids)])
        except AccessError:
            return DENIED
        return "done" if found == len(records) else DENIED


def _read(records):
    return lambda: records.read(["id"])


def _write(records):
    return lambda: records.write({})


def _unlink(records):
    return lambda: records.unlink()


def _create(model, vals):
    return lambda: model.create(dict(vals))
