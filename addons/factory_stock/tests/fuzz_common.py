"""Property-based (hypothesis) tests of bad input: shared strategies and the
check every fuzz test makes.

Every call gets random JSON values (what an RPC client can send): strings,
huge / negative / NaN / infinite numbers, wrong types, ids of other
companies and warehouses. It must either succeed or raise UserError,
ValidationError or AccessError (never MissingError, TypeError, KeyError, a
database error; an SQL constraint counts as the ValidationError Odoo's RPC
layer makes of it), and a refused call must leave the records unchanged:
a raised refusal once its transaction is rolled back (each example runs in
a savepoint, rolled back as Odoo rolls back the request: nothing may have
been committed or written through another cursor), an answered refusal
(the barcode view's ``ok: False``) as it is, before any rollback.
"""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.service.model import _as_validation_error

# a few minutes for the whole fuzz suite on a small machine; the same
# examples every run (no flaky CI), no example database in the repository
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
REFUSALS = (UserError, ValidationError, AccessError)

NASTY_TEXT = [
    "",
    " ",
    "abc",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e400",
    "-5",
    "1,5",
    " 3 ",
    "0x10",
    "1_000",
    "١٢",
    "𝟙",
    "%s",
    "'; DROP TABLE stock_quant; --",
    "\x00",
    "材料",
    "]01",
    "x" * 300,
]
NASTY_NUMBERS = [
    0,
    -1,
    -0.0,
    1e-12,
    -1e-9,
    2**31,
    2**63,
    10**30,
    1e308,
    -1e308,
    float("nan"),
    float("inf"),
    float("-inf"),
]
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=40),
)
# anything an RPC client can send as one argument
json_values = st.one_of(
    json_scalars,
    st.lists(json_scalars, max_size=3),
    st.dictionaries(st.text(max_size=8), json_scalars, max_size=3),
)
numbers = st.one_of(
    st.sampled_from(NASTY_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(NASTY_TEXT),
    json_values,
)


def ids(*valid):
    """Record ids: the given ones (of this and of other companies and
    warehouses) and nonsense."""
    known = [i for i in valid if i]
    return st.one_of(
        st.sampled_from(known or [1]),
        st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63, 10**30]),
        json_values,
    )


def check_refusal(case, call, snapshot, refused=None):
    """Run ``call`` in a savepoint rolled back afterwards. Return
    ``("done", result)`` or ``("refused", error)``; any other exception fails
    the test, and so does a refusal that changed ``snapshot()``. ``refused``:
    whether a returned result is a refusal too (the barcode view answers
    ``ok: False``), checked the same way."""
    env = case.env
    env.flush_all()
    env.invalidate_all()
    before = snapshot()
    savepoint = env.cr.savepoint()
    try:
        try:
            try:
                result = call()
            except IntegrityError as error:
                # an SQL constraint: Odoo's RPC layer rolls back and answers
                # the client with this ValidationError (odoo/service/model.py)
                savepoint.rollback()
                raise _as_validation_error(env, error) from error
        except REFUSALS as error:
            case.assertNotIsInstance(
                error, MissingError, f"MissingError is not a refusal: {error}"
            )
            # the request's transaction is rolled back (here: the savepoint);
            # nothing may have been committed or written elsewhere before
            savepoint.close(rollback=True)
            env.invalidate_all()
            case.assertEqual(snapshot(), before, f"refused ({error}) but changed")
            return "refused", error
        env.flush_all()
        if refused is not None and refused(result):
            env.invalidate_all()
            case.assertEqual(snapshot(), before, f"refused ({result}) but changed")
            return "refused", result
        return "done", result
    finally:
        savepoint.close(rollback=True)
        env.invalidate_all()
