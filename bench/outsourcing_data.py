"""Outsourcing data of a benchmark database (issue 15), made once through the
ORM and committed, then reused by every run.

``bench/generate.py`` makes no subcontractors. The first run of the
``outsourcing`` case adds, as a purchaser would set them up:

- 50 subcontractors (``BSUB-01…``), each given its own subcontracting
  location by the subcontractor's own button
  (``action_factory_create_subcontract_location``);
- per subcontractor, one resupply transfer (an internal transfer from the
  stock of warehouse BW1, BW2 or BW3 to the subcontractor's location) of 12
  untracked materials stocked there, validated by Odoo (reservation, move
  lines, quants, valuation); the 10 busiest materials of each warehouse are
  left out (the move history case reads the busiest one's lines);
- then, through done moves Odoo validates: a third of the lines partly
  consumed (to the production location), a sixth partly returned to the
  warehouse, one line in twelve partly scrapped (to the scrap location), so
  every column of the material balance has figures.

Keyed by the partners' reference ``BSUB-…``: when they exist, nothing is
created again.
"""

import random
import time

from common import BenchError, say

SUBCONTRACTORS = 50
LINES = 12
REF_PREFIX = "BSUB-"


def subcontractors(env):
    return env["res.partner"].search(
        [("ref", "=like", REF_PREFIX + "%"), ("is_company", "=", True)], order="ref"
    )


def _free_stock(env, warehouse, count):
    """(product id, free qty) of untracked materials with free stock."""
    env.cr.execute(
        """
        SELECT q.product_id, SUM(q.quantity - q.reserved_quantity) AS free
          FROM stock_quant q
          JOIN stock_location l ON l.id = q.location_id
          JOIN product_product p ON p.id = q.product_id
          JOIN product_template t ON t.id = p.product_tmpl_id
         WHERE l.warehouse_id = %s AND l.usage = 'internal'
           AND l.factory_qc_usage IS NULL
           AND t.tracking = 'none' AND t.default_code LIKE 'M%%'
           -- the busiest materials stay out: the move history case reads
           -- the busiest one's lines as the warehouse supervisor
           AND q.product_id NOT IN (
               SELECT product_id FROM (
                   SELECT ml.product_id, ROW_NUMBER() OVER (
                              PARTITION BY lw.warehouse_id
                              ORDER BY COUNT(*) DESC, ml.product_id) AS rank
                     FROM stock_move_line ml
                     JOIN stock_location lw ON lw.id = ml.location_id
                    WHERE ml.state = 'done' AND lw.warehouse_id IS NOT NULL
                    GROUP BY ml.product_id, lw.warehouse_id) busiest
                WHERE rank <= 10)
         GROUP BY 1
        HAVING SUM(q.quantity - q.reserved_quantity) >= 20
         ORDER BY 2 DESC, 1
         LIMIT %s
        """,
        [warehouse.id, count],
    )
    return env.cr.fetchall()


def _done_moves(env, specs):
    """Done moves, validated by Odoo: (product, qty, source, destination)."""
    moves = env["stock.move"].create(
        [
            {
                "name": "BENCH-OUTSOURCING",
                "origin": "BENCH-OUTSOURCING",
                "product_id": product.id,
                "product_uom_qty": qty,
                "product_uom": product.uom_id.id,
                "location_id": src,
                "location_dest_id": dst,
            }
            for product, qty, src, dst in specs
        ]
    )
    moves._action_confirm()
    moves._action_assign()
    for move, (__, qty, __, __) in zip(moves, specs, strict=True):
        move.quantity = qty
    moves.picked = True
    moves._action_done()
    not_done = moves.filtered(lambda m: m.state != "done")
    if not_done:
        raise BenchError(f"{len(not_done)} outsourcing moves not done")
    return moves


def _create(env, rnd):
    admin = env.ref("base.user_admin")
    warehouses = env["stock.warehouse"].search([("code", "like", "BW%")], order="code")
    if not warehouses:
        raise BenchError(f"{env.cr.dbname} has no benchmark warehouses BW1…")
    partners = env["res.partner"].create(
        [
            {
                "name": f"委外加工厂 Bench Subcontractor {i + 1:02d}",
                "ref": f"{REF_PREFIX}{i + 1:02d}",
                "is_company": True,
                "supplier_rank": 1,
            }
            for i in range(SUBCONTRACTORS)
        ]
    )
    for partner in partners:
        partner.with_user(admin).action_factory_create_subcontract_location()
    say(f"outsourcing data: {len(partners)} subcontractors with their locations")
    stock = {wh.id: _free_stock(env, wh, LINES * SUBCONTRACTORS) for wh in warehouses}
    Product = env["product.product"]
    pickings = []
    lines = []  # (partner index, product, qty sent, warehouse)
    for i, partner in enumerate(partners):
        wh = warehouses[i % len(warehouses)]
        pool = stock[wh.id]
        if len(pool) < LINES:
            raise BenchError(f"not enough untracked stock in {wh.code}")
        # different materials for each subcontractor of the warehouse while
        # there are enough (the small profile shares some)
        start = (i // len(warehouses)) * LINES % (len(pool) - LINES + 1)
        rows = pool[start : start + LINES]
        location = partner.factory_subcontract_location_ids[:1]
        moves = []
        for product_id, free in rows:
            product = Product.browse(product_id)
            qty = max(1.0, round(free * rnd.uniform(0.02, 0.1)))
            moves.append(
                (
                    0,
                    0,
                    {
                        "name": product.display_name,
                        "product_id": product.id,
                        "product_uom_qty": qty,
                        "product_uom": product.uom_id.id,
                        "location_id": wh.lot_stock_id.id,
                        "location_dest_id": location.id,
                    },
                )
            )
            lines.append((location.id, product, qty, wh))
        pickings.append(
            {
                "picking_type_id": wh.int_type_id.id,
                "location_id": wh.lot_stock_id.id,
                "location_dest_id": location.id,
                "partner_id": partner.id,
                "origin": "BENCH-OUTSOURCING",
                "move_ids": moves,
            }
        )
    pickings = env["stock.picking"].create(pickings)
    pickings.action_confirm()
    pickings.action_assign()
    for move in pickings.move_ids:
        move.quantity = move.product_uom_qty
    pickings.move_ids.picked = True
    pickings.with_context(skip_backorder=True, skip_sms=True).button_validate()
    if set(pickings.mapped("state")) != {"done"}:
        raise BenchError("outsourcing resupply transfers not done")
    say(f"outsourcing data: {len(pickings)} resupply transfers, {len(lines)} lines")
    production = env["stock.location"].search(
        [("usage", "=", "production"), ("company_id", "=", env.company.id)], limit=1
    )
    scrap = env["stock.location"].search(
        [("scrap_location", "=", True), ("company_id", "in", (env.company.id, False))],
        limit=1,
    )
    specs = []
    for n, (location, product, qty, wh) in enumerate(lines):
        if n % 3 == 0:
            specs.append((product, max(1.0, qty // 2), location, production.id))
        elif n % 6 == 1:
            specs.append((product, max(1.0, qty // 3), location, wh.lot_stock_id.id))
        elif n % 12 == 5 and qty > 1:
            specs.append((product, 1.0, location, scrap.id))
    moves = _done_moves(env, specs)
    say(f"outsourcing data: {len(moves)} consumption / return / scrap moves")
    env.flush_all()
    return partners


def ensure_outsourcing_data(registry):
    """Create the subcontractors and their stock once (committed)."""
    import odoo

    started = time.perf_counter()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if "factory.outsourcing.balance" not in env:
            return None
        partners = subcontractors(env)
        made = not partners
        if made:
            say("outsourcing data: first run on this database, creating it")
            partners = _create(env, random.Random(15))
            cr.commit()
        locations = partners.factory_subcontract_location_ids
        say(
            f"outsourcing data {'created' if made else 'reused'} in "
            f"{time.perf_counter() - started:.1f} s: {len(partners)} subcontractors, "
            f"{len(locations)} locations"
        )
        return {"partners": len(partners), "locations": locations.ids}
