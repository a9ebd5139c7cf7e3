"""Benchmark case of the FIFO / FEFO issue rule (issue "inbound / FIFO").

An issue of 50 lot-tracked lines, each taking the lot FIFO allows, from the
warehouse with the most lots, topped up to 5,000 lots: the time the rule adds
to the validation is
``stock.move.line._factory_check_issue_policy`` (what ``_action_done`` runs
before Odoo moves any quant).  Baselines: Odoo's whole validation of the same
transfer without the rule (rolled back after each run), and the one SQL
query of lot candidates the rule reads.
"""

from common import BenchError

LINES = 50
LOTS = 5000


class _Rollback(Exception):
    pass


def _first_lots(env, warehouse):
    """(product id, lot id) of LINES lot-tracked materials: the lot with the
    oldest incoming date still available in the warehouse's stock."""
    env.cr.execute(
        """
        SELECT DISTINCT ON (q.product_id) q.product_id, q.lot_id
          FROM stock_quant q
          JOIN stock_location l ON l.id = q.location_id
          JOIN stock_location s ON s.id = %(stock)s
         WHERE q.lot_id IS NOT NULL
           AND q.quantity - q.reserved_quantity >= 1
           AND l.parent_path LIKE s.parent_path || '%%'
         ORDER BY q.product_id, q.in_date, q.lot_id
         LIMIT %(n)s
        """,
        {"stock": warehouse.lot_stock_id.id, "n": LINES},
    )
    return env.cr.fetchall()


def _busiest_lot_warehouse(env):
    env.cr.execute(
        """
        SELECT l.warehouse_id, COUNT(DISTINCT q.lot_id)
          FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
         WHERE q.lot_id IS NOT NULL AND l.usage = 'internal' AND q.quantity > 0
         GROUP BY 1 ORDER BY 2 DESC LIMIT 1
        """
    )
    row = env.cr.fetchone()
    if not row:
        raise BenchError("no lot-tracked stock in this database")
    return env["stock.warehouse"].browse(row[0]), row[1]


def _top_up_lots(env, warehouse, products, lot_count):
    """Bring the warehouse to LOTS lots, the new ones on the issued materials
    (the rule reads the lots of those only), received after the existing
    ones so the FIFO-first lots stay the same.  Rolled back with the run."""
    missing = LOTS - lot_count
    if missing <= 0:
        return lot_count
    env.cr.execute("SELECT MAX(in_date) + INTERVAL '1 day' FROM stock_quant")
    (later,) = env.cr.fetchone()
    lots = env["stock.lot"].create(
        [
            {
                "name": f"BENCH-FIFO-{i:05d}",
                "product_id": products[i % len(products)].id,
                "company_id": warehouse.company_id.id,
            }
            for i in range(missing)
        ]
    )
    env["stock.quant"].create(
        [
            {
                "product_id": lot.product_id.id,
                "location_id": warehouse.lot_stock_id.id,
                "lot_id": lot.id,
                "quantity": 10,
                "in_date": later,
            }
            for lot in lots
        ]
    )
    return lot_count + missing


def _issue(env, warehouse, lots):
    """A confirmed delivery whose move lines take exactly ``lots``."""
    customer = env.ref("stock.stock_location_customers")
    stock = warehouse.lot_stock_id
    products = env["product.product"].browse([p for p, __ in lots])
    picking = env["stock.picking"].create(
        {
            "picking_type_id": warehouse.out_type_id.id,
            "location_id": stock.id,
            "location_dest_id": customer.id,
            "move_ids": [
                (
                    0,
                    0,
                    {
                        "name": p.display_name,
                        "product_id": p.id,
                        "product_uom": p.uom_id.id,
                        "product_uom_qty": 1,
                        "location_id": stock.id,
                        "location_dest_id": customer.id,
                    },
                )
                for p in products
            ],
        }
    )
    picking.action_confirm()
    picking.move_ids.move_line_ids.unlink()
    quant_location = {}
    env.cr.execute(
        "SELECT lot_id, location_id FROM stock_quant WHERE lot_id = ANY(%s) "
        "AND quantity - reserved_quantity >= 1",
        [[lot for __, lot in lots]],
    )
    for lot, location in env.cr.fetchall():
        quant_location.setdefault(lot, location)
    env["stock.move.line"].create(
        [
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": move.product_id.id,
                "lot_id": lot,
                "quantity": 1,
                "product_uom_id": move.product_uom.id,
                "location_id": quant_location[lot],
                "location_dest_id": customer.id,
                "picked": True,
            }
            for move, (__, lot) in zip(picking.move_ids, lots, strict=True)
        ]
    )
    picking.move_ids.picked = True
    return picking


def case_fifo(env, ctx, runs, timed):
    warehouse, lot_count = _busiest_lot_warehouse(env)
    lots = _first_lots(env, warehouse)
    if len(lots) < LINES:
        raise BenchError(f"fewer than {LINES} lot-tracked materials in stock")
    products = env["product.product"].browse([p for p, __ in lots])
    lot_count = _top_up_lots(env, warehouse, products, lot_count)
    categories = products.categ_id
    categories.write({"factory_issue_policy": "fifo"})
    picking = _issue(env, warehouse, lots)
    lines = picking.move_line_ids

    def suite():
        lines._factory_check_issue_policy()

    def native():
        categories.write({"factory_issue_policy": "none"})
        try:
            with env.cr.savepoint():
                picking.button_validate()
                assert picking.state == "done"
                raise _Rollback
        except _Rollback:
            pass
        finally:
            categories.write({"factory_issue_policy": "fifo"})

    def sql():
        lines._factory_lot_candidates(warehouse, products)

    suite_ms, __ = timed(env, suite, runs)
    native_ms, __ = timed(env, native, runs)
    sql_ms, __ = timed(env, sql, runs)
    return {
        "case": f"FIFO check: issue of {LINES} lines, {lot_count:,} lots in wh",
        "suite_ms": suite_ms,
        "native_ms": native_ms,
        "sql_ms": sql_ms,
        "target_ms": 100,
        "max_ratio": 2.0,
        "rows": len(lines),
        "same_answer_as_sql": True,
    }
