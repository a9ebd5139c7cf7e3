"""Manufacturing data of a benchmark database (issue 8), made once through
the ORM and committed, then reused by every run.

``bench/generate.py`` makes materials, stock and history, but no
manufacturing. The first run of a factory_mrp case adds, as a factory would
set it up:

- the release flow: the manufacturing (and component pick) operation types of
  warehouses BW1…BW3 reserve manually (the release reserves); BW1, the raw
  material warehouse, picks components in a transfer first (two steps,
  ``pbm``), so its orders' material requests are Odoo transfers;
- four work centers (winding, assembly, test, packing);
- 45 motors, each with a bill of materials of 3 to 7 components taken from
  the materials stocked in its warehouse (one in six from another warehouse
  or scarce: some orders are short) and two operations;
- 180 open orders over the 45 motors, across the three warehouses, start
  dates spread over six weeks (a few late): a third only confirmed, the rest
  released by a workshop supervisor (reserved; the short ones confirmed with
  the shortage wizard), some of the fully reserved ones started on the line
  (first work order started);
- 20 more motors and released orders in BW1 for the scan case: four
  untracked, well stocked components each (no component shared between two
  of them), a material request per order submitted by one workshop supervisor
  and approved by another, so that each order's component pick transfer is
  the reserved transfer of an approved request.

Everything is keyed by ``BENCH_ORIGIN`` (orders' source document) and the
``BFG-`` codes: when the orders exist, nothing is created again.
"""

import random
import time

from common import BenchError, say

BENCH_ORIGIN = "BENCH-MRP"
ORDERS = 180
SCAN_ORDERS = 20
MOTORS = 45
SCAN_LINES = 4
SCAN_ORDER_QTY = 50
OPEN_STATES = ("confirmed", "progress", "to_close")
WORKSHOP_LOGINS = ("bench_workshop", "bench_workshop2")
WORKCENTERS = (
    ("BWC-WIND", "绕线 Winding"),
    ("BWC-ASSY", "装配 Assembly"),
    ("BWC-TEST", "测试 Testing"),
    ("BWC-PACK", "包装 Packing"),
)
MOTOR_TYPES = (
    "Y2 三相异步电机",
    "YE3 高效电机",
    "直流无刷电机",
    "步进电机",
    "减速电机",
)


def _warehouses(env):
    warehouses = env["stock.warehouse"].search([("code", "like", "BW%")], order="code")
    if not warehouses:
        raise BenchError(f"{env.cr.dbname} has no benchmark warehouses BW1…")
    return warehouses


def _workshop_users(env):
    Users = env["res.users"].with_context(no_reset_password=True)
    users = Users.browse()
    group = env.ref("factory_stock.group_workshop_supervisor")
    for login in WORKSHOP_LOGINS:
        user = Users.search([("login", "=", login)], limit=1)
        if not user:
            user = Users.create(
                {
                    "name": f"Bench Workshop {login[-1] if login[-1].isdigit() else 1}",
                    "login": login,
                    "password": login,
                    "groups_id": [(6, 0, [group.id])],
                    "factory_warehouse_ids": [(6, 0, _warehouses(env).ids)],
                }
            )
        users |= user
    return users


def bench_orders(env):
    return env["mrp.production"].search(
        [("origin", "=", BENCH_ORIGIN), ("state", "in", OPEN_STATES)]
    )


def scan_pickings(env):
    """The reserved transfers of the approved scan requests, in order."""
    return env["stock.picking"].search(
        [
            ("factory_material_request_id.production_id.origin", "=", BENCH_ORIGIN),
            ("factory_material_request_id.state", "in", ("approved", "partial")),
            ("state", "not in", ("done", "cancel", "draft")),
        ],
        order="id",
    )


def _free_stock(env, warehouses):
    """{warehouse id: [(product id, tracking, uom id, free qty)]}, most first."""
    env.cr.execute(
        """
        SELECT l.warehouse_id, q.product_id, t.tracking, t.uom_id,
               SUM(q.quantity - q.reserved_quantity) AS free
          FROM stock_quant q
          JOIN stock_location l ON l.id = q.location_id
          JOIN product_product p ON p.id = q.product_id
          JOIN product_template t ON t.id = p.product_tmpl_id
         WHERE l.usage = 'internal' AND l.warehouse_id = ANY(%s)
           AND t.default_code LIKE 'M%%'
         GROUP BY 1, 2, 3, 4
        HAVING SUM(q.quantity - q.reserved_quantity) > 0
         ORDER BY 1, 5 DESC, 2
        """,
        [warehouses.ids],
    )
    stock = {wh.id: [] for wh in warehouses}
    for wh_id, product, tracking, uom, free in env.cr.fetchall():
        stock[wh_id].append((product, tracking, uom, free))
    return stock


def _configure(env, warehouses):
    first = warehouses[0]
    if first.manufacture_steps != "pbm":
        first.manufacture_steps = "pbm"
    types = warehouses.manu_type_id | first.pbm_type_id
    types.write({"reservation_method": "manual"})
    centers = env["mrp.workcenter"]
    for code, name in WORKCENTERS:
        center = centers.search([("code", "=", code)], limit=1)
        centers |= center or centers.create(
            {"name": name, "code": code, "time_efficiency": 95, "costs_hour": 45.0}
        )
    return centers


def _per_unit(free, uom_unit, rnd, orders_qty):
    """Quantity per motor so that the motor's orders take a share of the
    free stock (0.2 to 1.3 of it; shared components make it more)."""
    qty = free * rnd.uniform(0.2, 1.3) / orders_qty
    if uom_unit:
        return max(1.0, round(qty))
    return max(0.1, round(qty, 1))


def _bom_vals(env, tmpl, components, centers, rnd):
    return {
        "product_tmpl_id": tmpl.id,
        "product_qty": 1.0,
        "type": "normal",
        "code": tmpl.default_code,
        "bom_line_ids": [
            (0, 0, {"product_id": product, "product_qty": qty})
            for product, qty in components
        ],
        "operation_ids": [
            (
                0,
                0,
                {
                    "name": center.name.split(" ")[0],
                    "workcenter_id": center.id,
                    "time_cycle_manual": rnd.choice((3.0, 5.0, 8.0, 12.0)),
                },
            )
            for center in rnd.sample(list(centers[:3]), 2)
        ],
    }


def _motors(env, count, prefix, rnd):
    category = env["product.category"].search(
        [("name", "=", "Bench Materials")], limit=1
    ) or env.ref("product.product_category_all")
    return env["product.template"].create(
        [
            {
                "name": f"{rnd.choice(MOTOR_TYPES)} {prefix}{i + 1:03d}",
                "default_code": f"{prefix}{i + 1:03d}",
                "type": "consu",
                "is_storable": True,
                "categ_id": category.id,
                "standard_price": round(rnd.uniform(300, 3000), 2),
            }
            for i in range(count)
        ]
    )


def _create(env, rnd):
    warehouses = _warehouses(env)
    workshop, approver = _workshop_users(env)
    centers = _configure(env, warehouses)
    stock = _free_stock(env, warehouses)
    unit = env.ref("uom.product_uom_unit").id
    # regular motors: components stocked in their warehouse, some scarce or
    # from another warehouse
    pools = {
        wh.id: [row for row in stock[wh.id][:400] if row[1] != "serial"]
        for wh in warehouses
    }
    scarce = {
        wh.id: [row for row in stock[wh.id] if row[3] < 20 and row[1] == "none"]
        for wh in warehouses
    }
    # the scan motors' components: untracked units, the best stocked of BW1,
    # kept out of the regular pools
    first = warehouses[0]
    scan_rows = [row for row in stock[first.id] if row[1] == "none" and row[2] == unit][
        : SCAN_ORDERS * SCAN_LINES
    ]
    if len(scan_rows) < SCAN_ORDERS * SCAN_LINES:
        raise BenchError(f"not enough stocked materials in {first.code} for the scan")
    taken = {row[0] for row in scan_rows}
    pools = {
        wh_id: [row for row in rows if row[0] not in taken]
        for wh_id, rows in pools.items()
    }

    def regular_home(i):
        return warehouses[i % len(warehouses)]

    motors = _motors(env, MOTORS, "BFG-", rnd)
    orders_per_motor = ORDERS / MOTORS * 35  # orders x mean quantity
    boms = []
    for i, tmpl in enumerate(motors):
        wh = regular_home(i)
        components = {}
        for __ in range(rnd.randint(3, 7)):
            draw = rnd.random()
            if draw < 0.08 and scarce[wh.id]:
                row = rnd.choice(scarce[wh.id])
            elif draw < 0.16:
                other = rnd.choice([w for w in warehouses if w != wh])
                row = rnd.choice(pools[other.id])
                row = (row[0], row[1], row[2], row[3] / 4)  # little here
            else:
                row = rnd.choice(pools[wh.id])
            product, __, uom, free = row
            components[product] = _per_unit(free, uom == unit, rnd, orders_per_motor)
        boms.append(_bom_vals(env, tmpl, components.items(), centers, rnd))
    scan_motors = _motors(env, SCAN_ORDERS, "BFG-S", rnd)
    for i, tmpl in enumerate(scan_motors):
        rows = scan_rows[i * SCAN_LINES : (i + 1) * SCAN_LINES]
        components = [
            (row[0], float(max(1, min(4, int(row[3] * 0.6 / SCAN_ORDER_QTY)))))
            for row in rows
        ]
        boms.append(_bom_vals(env, tmpl, components, centers, rnd))
    boms = env["mrp.bom"].create(boms)
    say(f"manufacturing data: {len(centers)} work centers, {len(boms)} BoMs")

    now = time.time()
    vals = []
    for __ in range(ORDERS):
        i = rnd.randrange(MOTORS)
        wh = regular_home(i)
        start = now + rnd.uniform(-3, 40) * 86400
        vals.append(
            {
                "product_id": motors[i].product_variant_id.id,
                "bom_id": boms[i].id,
                "product_qty": rnd.choice((5, 10, 10, 20, 20, 30, 50, 60, 100)),
                "picking_type_id": wh.manu_type_id.id,
                "date_start": time.strftime("%Y-%m-%d %H:00:00", time.gmtime(start)),
                "origin": BENCH_ORIGIN,
                "user_id": workshop.id,
            }
        )
    for i, tmpl in enumerate(scan_motors):
        vals.append(
            {
                "product_id": tmpl.product_variant_id.id,
                "bom_id": boms[MOTORS + i].id,
                "product_qty": SCAN_ORDER_QTY,
                "picking_type_id": first.manu_type_id.id,
                "date_start": time.strftime(
                    "%Y-%m-%d %H:00:00", time.gmtime(now + (i + 1) * 3600)
                ),
                "origin": BENCH_ORIGIN,
                "user_id": workshop.id,
            }
        )
    orders = env["mrp.production"].create(vals)
    orders.action_confirm()
    regular, scan_orders = orders[:ORDERS], orders[ORDERS:]
    say(f"manufacturing data: {len(orders)} orders confirmed")

    # release two thirds (and all scan orders) as a workshop supervisor
    released = regular.filtered(lambda p: rnd.random() < 2 / 3) | scan_orders
    as_workshop = released.with_user(workshop).sudo()
    action = as_workshop.action_factory_release()
    if isinstance(action, dict) and action.get("res_model") == "factory.mrp.release":
        wizard = env["factory.mrp.release"].browse(action["res_id"])
        wizard = wizard.with_user(workshop).sudo()
        wizard.reason = "benchmark: released with the shortage"
        wizard.action_release()
    say(f"manufacturing data: {len(released)} orders released")
    # the line starts orders whose components are all reserved (one-step
    # warehouses: in BW1 the components are picked first)
    started = (released - scan_orders).filtered(
        lambda p: (
            p.warehouse_id != first
            and p.reservation_state == "assigned"
            and rnd.random() < 0.6
        )
    )
    for production in started:
        production.workorder_ids[:1].with_user(workshop).sudo().button_start()

    # the scan case's requests: one per scan order, approved by another
    # supervisor, so the component pick transfer becomes the request's
    requests = env["factory.material.request"]
    for production in scan_orders:
        action = production.with_user(workshop).sudo().action_factory_material_request()
        requests |= requests.browse(action["res_id"])
    requests.with_user(workshop).sudo().action_submit_with_shortage()
    requests.with_user(approver).sudo().action_approve()
    env.flush_all()
    return orders


def ensure_mrp_data(registry):
    """Create the manufacturing data once (committed); report what is there."""
    import odoo

    started = time.perf_counter()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if "factory.mrp.shortage" not in env:
            raise BenchError(f"{cr.dbname} has no factory_mrp: update the modules")
        orders = bench_orders(env)
        made = not orders
        if made:
            say("manufacturing data: first run on this database, creating it")
            orders = _create(env, random.Random(8))
            cr.commit()
        pickings = scan_pickings(env)
        env.cr.execute(
            "SELECT state, COUNT(*) FROM mrp_production WHERE id = ANY(%s) GROUP BY 1",
            [orders.ids],
        )
        states = dict(env.cr.fetchall())
        lines = env["stock.move"].search_count(
            [("raw_material_production_id", "in", orders.ids)]
        )
        say(
            f"manufacturing data {'created' if made else 'reused'} in "
            f"{time.perf_counter() - started:.1f} s: {len(orders)} open orders "
            f"({', '.join(f'{k} {v}' for k, v in sorted(states.items()))}), "
            f"{lines:,} component moves, {len(pickings)} approved request transfers"
        )
    return {"orders": len(orders), "scan_pickings": len(pickings)}
