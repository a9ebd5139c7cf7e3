"""Consistency check of a benchmark database (run by generate.py at the end).

    python bench/check.py --db factory_bench_small

1. every quant equals the done move lines in minus out for its product,
   location and lot (and nothing is missing);
2. no negative quant in an internal location;
3. reserved quantities equal the open move lines reserving them, and never
   exceed the quant;
4. valuation layers: quantity = stock on hand, value = on hand × cost, FIFO
   remaining quantity = on hand, per product;
5. every done move is fully made of done move lines; serials are unique;
6. native Odoo still works on the data: validate a receipt, a delivery (also
   of a lot-tracked material), apply an inventory count and run the reorder
   scheduler, then checks 1–5 again — all in a transaction rolled back at
   the end, so the database stays as generated.
"""

import argparse
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import BenchError, say

CHECKS = {
    "quants = done move lines (product/location/lot)": """
        WITH flow AS (
            SELECT product_id, location_dest_id AS loc, lot_id,
                   quantity_product_uom AS q
              FROM stock_move_line WHERE state = 'done'
            UNION ALL
            SELECT product_id, location_id, lot_id, -quantity_product_uom
              FROM stock_move_line WHERE state = 'done'
        ), expected AS (
            SELECT f.product_id, f.loc, f.lot_id, SUM(f.q) AS q
              FROM flow f
              JOIN product_product pp ON pp.id = f.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE pt.is_storable
             GROUP BY 1, 2, 3 HAVING SUM(f.q) <> 0
        ), actual AS (
            SELECT product_id, location_id AS loc, lot_id, SUM(quantity) AS q
              FROM stock_quant GROUP BY 1, 2, 3 HAVING SUM(quantity) <> 0
        )
        SELECT COALESCE(e.product_id, a.product_id), COALESCE(e.loc, a.loc),
               COALESCE(e.lot_id, a.lot_id), e.q AS expected, a.q AS quant
          FROM expected e
          FULL JOIN actual a ON a.product_id = e.product_id AND a.loc = e.loc
                            AND a.lot_id IS NOT DISTINCT FROM e.lot_id
         WHERE e.q IS DISTINCT FROM a.q
    """,
    "no negative quant in internal locations": """
        SELECT q.product_id, q.location_id, q.lot_id, q.quantity
          FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
         WHERE l.usage = 'internal' AND q.quantity < 0
    """,
    "reserved = open move lines, reserved <= on hand": """
        WITH open_lines AS (
            SELECT ml.product_id, ml.location_id AS loc, ml.lot_id,
                   SUM(ml.quantity_product_uom) AS q
              FROM stock_move_line ml JOIN stock_location l ON l.id = ml.location_id
             WHERE ml.state NOT IN ('done', 'cancel') AND l.usage = 'internal'
             GROUP BY 1, 2, 3
        ), reserved AS (
            SELECT q.product_id, q.location_id AS loc, q.lot_id,
                   SUM(q.reserved_quantity) AS r, SUM(q.quantity) AS on_hand
              FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
             WHERE l.usage = 'internal' GROUP BY 1, 2, 3
        )
        SELECT COALESCE(o.product_id, r.product_id), COALESCE(o.loc, r.loc),
               COALESCE(o.lot_id, r.lot_id), o.q AS open_lines, r.r AS reserved,
               r.on_hand
          FROM open_lines o
          FULL JOIN reserved r ON r.product_id = o.product_id AND r.loc = o.loc
                              AND r.lot_id IS NOT DISTINCT FROM o.lot_id
         WHERE COALESCE(o.q, 0) <> COALESCE(r.r, 0) OR COALESCE(r.r, 0) > r.on_hand
    """,
    "valuation layers = stock on hand x cost": """
        WITH on_hand AS (
            SELECT q.product_id, q.company_id, SUM(q.quantity) AS q
              FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
             WHERE l.usage = 'internal' AND l.company_id IS NOT NULL
             GROUP BY 1, 2
        ), layers AS (
            SELECT product_id, company_id, SUM(quantity) AS q, SUM(value) AS v,
                   SUM(remaining_qty) FILTER (WHERE remaining_qty > 0) AS rem
              FROM stock_valuation_layer GROUP BY 1, 2
        )
        SELECT COALESCE(h.product_id, s.product_id), h.q AS on_hand, s.q AS layer_qty,
               s.v AS layer_value, s.rem AS fifo_remaining,
               ROUND(COALESCE(h.q, 0) * (pp.standard_price ->> COALESCE(
                   h.company_id, s.company_id)::text)::numeric, 2) AS expected_value
          FROM on_hand h
          FULL JOIN layers s ON s.product_id = h.product_id
                            AND s.company_id = h.company_id
          JOIN product_product pp ON pp.id = COALESCE(h.product_id, s.product_id)
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
          JOIN product_category pc ON pc.id = pt.categ_id
         WHERE pt.is_storable AND (
               COALESCE(h.q, 0) <> COALESCE(s.q, 0)
            OR COALESCE(h.q, 0) <> COALESCE(s.rem, 0)
            OR ABS(COALESCE(s.v, 0) - ROUND(COALESCE(h.q, 0) * COALESCE((
                   pp.standard_price ->> COALESCE(h.company_id, s.company_id)::text
               )::numeric, 0), 2)) > 0.01)
    """,
    "done moves = their done move lines": """
        SELECT m.id, m.quantity, SUM(ml.quantity)
          FROM stock_move m
          LEFT JOIN stock_move_line ml ON ml.move_id = m.id AND ml.state = 'done'
         WHERE m.state = 'done'
         GROUP BY m.id, m.quantity
        HAVING SUM(ml.quantity) IS DISTINCT FROM m.quantity
    """,
    "serial numbers unique in stock": """
        SELECT q.lot_id, SUM(q.quantity)
          FROM stock_quant q
          JOIN stock_location l ON l.id = q.location_id
          JOIN stock_lot lot ON lot.id = q.lot_id
          JOIN product_product pp ON pp.id = lot.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
         WHERE pt.tracking = 'serial' AND l.usage = 'internal'
         GROUP BY q.lot_id HAVING SUM(q.quantity) > 1
    """,
    "done transfers hold only done or cancelled moves": """
        SELECT p.id, p.name FROM stock_picking p
          JOIN stock_move m ON m.picking_id = p.id
         WHERE p.state = 'done' AND m.state NOT IN ('done', 'cancel')
    """,
}


def sql_checks(cr, label=""):
    ok = True
    for name, query in CHECKS.items():
        started = time.time()
        cr.execute(query)
        rows = cr.fetchall()
        status = "OK" if not rows else f"FAIL ({len(rows)} rows, e.g. {rows[:3]})"
        ok &= not rows
        say(f"check{label}: {name}: {status} [{time.time() - started:.1f} s]")
    return ok


def native_operations(env):
    """Native Odoo flows on the generated data; raises on any problem."""
    from odoo import fields

    user = env.ref("base.user_admin")
    env = env(user=user.id, context=dict(env.context, tracking_disable=True))
    warehouse = env["stock.warehouse"].search([("code", "=", "BW1")], limit=1)
    supplier = env["res.partner"].search([("supplier_rank", ">", 0)], limit=1)
    customer = env["res.partner"].search([("customer_rank", ">", 0)], limit=1)
    internal = [
        ("location_id", "child_of", warehouse.view_location_id.id),
        ("location_id.usage", "=", "internal"),
    ]

    def stocked(tracking):
        quants = env["stock.quant"].search(
            internal + [("product_id.tracking", "=", tracking), ("quantity", ">", 20)],
            limit=20,
            order="id",
        )
        quants = quants.filtered(lambda q: q.quantity - q.reserved_quantity > 5)
        if not quants:
            raise AssertionError(f"no {tracking} material in stock in {warehouse.name}")
        return quants[0]

    def transfer(ptype, partner, product, qty, lot_name=None):
        picking = env["stock.picking"].create(
            {
                "picking_type_id": ptype.id,
                "partner_id": partner.id,
                "location_id": ptype.default_location_src_id.id
                or env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": ptype.default_location_dest_id.id
                or env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.display_name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        if lot_name:
            picking.move_line_ids.lot_name = lot_name
        picking.move_ids.picked = True
        result = picking.button_validate()
        if picking.state != "done":
            raise AssertionError(
                f"{picking.name} is {picking.state} after validation: {result}"
            )
        return picking

    plain = stocked("none")
    before = plain.quantity
    receipt = transfer(warehouse.in_type_id, supplier, plain.product_id, 7)
    say(f"native: receipt {receipt.name} validated")
    delivery = transfer(warehouse.out_type_id, customer, plain.product_id, 3)
    say(f"native: delivery {delivery.name} validated")
    lot_quant = stocked("lot")
    delivery_lot = transfer(warehouse.out_type_id, customer, lot_quant.product_id, 2)
    say(
        f"native: delivery of lot-tracked {delivery_lot.name} validated "
        f"(lots {', '.join(delivery_lot.move_line_ids.lot_id.mapped('name'))})"
    )
    receipt_lot = transfer(
        warehouse.in_type_id,
        supplier,
        lot_quant.product_id,
        5,
        lot_name="BENCH-NATIVE-LOT",
    )
    say(f"native: receipt of lot-tracked {receipt_lot.name} validated")
    count = stocked("none")
    count.inventory_quantity = count.quantity + 4
    count.action_apply_inventory()
    say(
        f"native: inventory count applied on {count.product_id.default_code} "
        f"at {count.location_id.complete_name}"
    )
    started = time.time()
    env["procurement.group"].run_scheduler(
        use_new_cursor=False, company_id=env.company.id
    )
    say(f"native: reorder scheduler ran in {time.time() - started:.1f} s")
    env.invalidate_all()
    board = env["factory.stock.board"].search_read(
        [("warehouse_id", "=", warehouse.id)], ["product_id", "qty_on_hand"], limit=5
    )
    if not board:
        raise AssertionError("the stock board is empty")
    plain.invalidate_recordset()
    say(
        f"native: stock board read ({len(board)} rows); "
        f"{plain.product_id.default_code} "
        f"on hand {before} -> {plain.quantity}; done at {fields.Datetime.now()}"
    )


def run_checks(registry, native=True):
    import odoo

    ok = True
    with registry.cursor() as cr:
        ok &= sql_checks(cr)
        if native:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            try:
                native_operations(env)
                env.flush_all()
                ok &= sql_checks(cr, " after native operations")
            except Exception:  # noqa: BLE001 - reported, then the check fails
                traceback.print_exc()
                say("native operations FAILED")
                ok = False
        cr.rollback()
    say(f"consistency check: {'PASSED' if ok else 'FAILED'}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--no-native", action="store_true")
    args = parser.parse_args()
    try:
        common.check_db_name(args.db)
        if not common.db_exists(args.db):
            raise BenchError(
                f"database {args.db} does not exist: run 'make bench-data'"
            )
    except BenchError as exc:
        common.fail(str(exc))
    conf = common.write_conf(args.db)
    try:
        common.ensure_modules(args.db, conf)
    except BenchError as exc:
        common.fail(str(exc))
    registry = common.odoo_env(args.db, conf)
    return 0 if run_checks(registry, native=not args.no_native) else 1


if __name__ == "__main__":
    sys.exit(main())
