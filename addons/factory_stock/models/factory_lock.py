"""Row locks that keep stock and approvals exact when users work at once.

Odoo runs every transaction in PostgreSQL's REPEATABLE READ: it reads the
database as it was when it started. A transaction that locks or updates a
row which another one changed since then fails with a serialization error,
and Odoo retries the whole call on fresh data (odoo/service/model.py
``retrying``, up to MAX_TRIES_ON_CONCURRENCY_FAILURE tries). The suite takes
the rows a decision depends on with ``SELECT ... FOR NO KEY UPDATE`` (which
waits) before deciding, always in id order (so that two transactions never
wait for each other crosswise): a conflict then becomes such a retried
failure instead of a decision taken on figures that were no longer true.
"""

from contextlib import contextmanager

from odoo.tools import SQL

# How long a lock is waited for. Longer than any transaction holding stock
# rows for a user; reached, the call fails with LockNotAvailable, which Odoo
# retries like a serialization failure (and a test holding the row in a
# second cursor of its own thread fails instead of waiting forever).
LOCK_TIMEOUT = "15s"


def _execute_locking(cr, query):
    """Run the locking ``query`` with LOCK_TIMEOUT, in one round trip."""
    cr.execute(
        SQL(
            "SET LOCAL lock_timeout = %s; %s; SET LOCAL lock_timeout = DEFAULT",
            LOCK_TIMEOUT,
            query,
        )
    )


def _quants_where(product_ids, location_ids, child_of, if_free):
    if child_of:
        # the roots' paths as one array computed first (an init plan): the
        # planner then starts from the products' quants (few) instead of
        # joining every location of the tree to the quants
        where = SQL(
            "l.parent_path LIKE ANY(ARRAY(SELECT parent_path || %s"
            " FROM stock_location WHERE id = ANY(%s)))",
            "%",
            location_ids,
        )
    else:
        where = SQL("q.location_id = ANY(%s)", location_ids)
    where = SQL(
        "q.product_id = ANY(%s) AND l.usage IN ('internal', 'transit') AND %s",
        product_ids,
        where,
    )
    if if_free:
        where = SQL(
            """%s AND q.product_id IN (
                SELECT q.product_id
                  FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                 WHERE %s AND q.quantity > q.reserved_quantity)""",
            where,
            where,
        )
    return where


def _held(env, product_ids, location_ids, child_of=False):
    """Whether this transaction holds the quants of every product of
    ``product_ids`` in every location of ``location_ids`` (with their
    sub-locations when ``child_of``) already: under a root of
    ``holding_quants``, or at a location of ``holding_quants_at`` (those
    cover a lock of that very location, not of its sub-locations)."""
    held = getattr(env.cr, "_factory_held_quants", None)
    if not held:
        return False
    trees = [(products, roots) for products, roots, exact in held if exact is None]
    exacts = [(products, exact) for products, roots, exact in held if exact]
    if not child_of and all(
        any(pid in products and lid in exact for products, exact in exacts)
        for pid in product_ids
        for lid in location_ids
    ):
        return True
    if not trees:
        return False
    paths = env["stock.location"].sudo().browse(location_ids).mapped("parent_path")
    if len(paths) != len(location_ids) or not all(paths):
        return False
    return all(
        any(
            product_id in products and path.startswith(root)
            for products, roots in trees
            for root in roots
        )
        for product_id in product_ids
        for path in paths
    )


def lock_quants(env, product_ids, location_ids, child_of=False, if_free=False):
    """Lock the quants of ``product_ids`` in ``location_ids`` (with their
    sub-locations when ``child_of``), in id order.

    Only quants of internal and transit locations, where Odoo keeps exact
    stock and reserves: the quants of customers, suppliers, production,
    inventory and scrap locations may split by design (Odoo skips a locked
    one and creates another) and locking them would make every delivery of a
    lot wait for every other.

    ``if_free``: only the products of which some stock is free (on hand and
    not reserved) as this transaction sees it. A transaction that finds
    nothing free reserves nothing and decides nothing that a later one could
    contradict: it need not wait for, nor be retried after, those that take
    the stock.

    Quants this transaction holds already (``holding_quants``) are not
    locked again.
    """
    product_ids = sorted({pid for pid in product_ids if pid})
    location_ids = sorted({lid for lid in location_ids if lid})
    if not product_ids or not location_ids:
        return
    if _held(env, product_ids, location_ids, child_of):
        return
    _execute_locking(
        env.cr,
        SQL(
            """
            SELECT q.id
              FROM stock_quant q
              JOIN stock_location l ON l.id = q.location_id
             WHERE %s
          ORDER BY q.id
               FOR NO KEY UPDATE OF q
            """,
            _quants_where(product_ids, location_ids, child_of, if_free),
        ),
    )


@contextmanager
def holding_quants(env, product_ids, location_ids):
    """Lock the quants of ``product_ids`` under ``location_ids`` (with their
    sub-locations, of the products with free stock, as ``lock_quants``) and,
    until the block ends, skip ``lock_quants`` on what they cover: the
    reservation updates of a booking change the same quants several times,
    and locking them again each time costs a query and changes nothing.

    Row locks stay until the transaction ends, or until a savepoint taken
    before them is rolled back: the locks are taken before the block runs
    and the block is left before any savepoint around it can be rolled back,
    so what is skipped inside is held."""
    product_ids = sorted({pid for pid in product_ids if pid})
    location_ids = sorted({lid for lid in location_ids if lid})
    locked = []
    if product_ids and location_ids:
        where = _quants_where(product_ids, location_ids, True, True)
        # one round trip: lock, then which products were locked (all their
        # quants under the locations, or none: ``if_free``)
        env.cr.execute(
            SQL(
                """SET LOCAL lock_timeout = %s;
                SELECT q.id FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                 WHERE %s ORDER BY q.id FOR NO KEY UPDATE OF q;
                SET LOCAL lock_timeout = DEFAULT;
                SELECT DISTINCT q.product_id FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                 WHERE %s""",
                LOCK_TIMEOUT,
                where,
                where,
            )
        )
        locked = [row[0] for row in env.cr.fetchall()]
    cr = env.cr
    held = getattr(cr, "_factory_held_quants", None)
    if held is None:
        held = cr._factory_held_quants = []
    entry = None
    if locked:
        roots = env["stock.location"].sudo().browse(location_ids).mapped("parent_path")
        entry = (frozenset(locked), tuple(roots), None)
        held.append(entry)
    try:
        yield
    finally:
        if entry is not None:
            held.remove(entry)


@contextmanager
def holding_quants_at(env, product_ids, location_ids):
    """Lock the quants of ``product_ids`` in ``location_ids`` themselves
    (``lock_quants`` without sub-locations) and, until the block ends, skip
    ``lock_quants`` of those products at those very locations: a validation
    updates each of its lines' quants (Odoo's ``_update_available_quantity``,
    once per line and side), and locking them again each time costs a query
    and changes nothing. A lock of a location's tree still runs. Row locks
    and savepoints: as ``holding_quants``."""
    product_ids = sorted({pid for pid in product_ids if pid})
    location_ids = sorted({lid for lid in location_ids if lid})
    lock_quants(env, product_ids, location_ids)
    cr = env.cr
    held = getattr(cr, "_factory_held_quants", None)
    if held is None:
        held = cr._factory_held_quants = []
    entry = None
    if product_ids and location_ids:
        entry = (frozenset(product_ids), (), frozenset(location_ids))
        held.append(entry)
    try:
        yield
    finally:
        if entry is not None:
            held.remove(entry)


def lock_records(records):
    """Lock the rows of ``records`` (one document being approved) in id
    order. Once the lock is granted without a serialization error, what this
    transaction reads of them is their last committed state."""
    if not records:
        return
    _execute_locking(
        records.env.cr,
        SQL(
            "SELECT id FROM %s WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
            SQL.identifier(records._table),
            sorted(records.ids),
        ),
    )


def claim_records(records):
    """Lock the rows of ``records`` in id order and update them (their
    write_date, unchanged). A transaction that only locked a row lets the
    next one go on with its old snapshot once it is released; an update makes
    that next one fail with a serialization error, and be retried on what
    this transaction did meanwhile (e.g. the moves it validated)."""
    if not records:
        return
    table = SQL.identifier(records._table)
    _execute_locking(
        records.env.cr,
        SQL(
            "UPDATE %s SET write_date = write_date WHERE id IN "
            "(SELECT id FROM %s WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE)",
            table,
            table,
            sorted(records.ids),
        ),
    )
