"""Data of the soak test (bench/soak.py), made through the ORM and committed.

Run by ``odoo-bin shell`` on the soak copy of the test database, before the
prefork server starts: bench/soak.py puts ``PARAMS = {...}`` in front of this
file and reads the ``SOAK_JSON:`` line it prints. ``env`` is the shell's
(superuser) environment. What a user does in the soak itself (delivering,
scanning, approving) is not prepared here; only what must exist before:
users, materials with stock, the scan transfers and the documents to approve.
"""

import json

from odoo import Command

P = PARAMS  # noqa: F821 - given by bench/soak.py
env = env(context=dict(env.context, lang="en_US", tracking_disable=True))  # noqa: F821
stamp = P["stamp"]
wh = env["stock.warehouse"].search([("code", "=", "RMW")], limit=1) or env[
    "stock.warehouse"
].search([("company_id", "=", env.company.id)], limit=1)
# (the demo factory is a company of its own: work in the warehouse's company)
env = env(context=dict(env.context, allowed_company_ids=wh.company_id.ids))
stock = wh.lot_stock_id
customers = env.ref("stock.stock_location_customers")
Users = env["res.users"].with_context(no_reset_password=True)


def user(login, *groups):
    vals = {
        "name": login.replace("_", " ").title(),
        "login": login,
        "password": login,
        "email": f"{login}@soak.example.com",
        "lang": "en_US",
        "groups_id": [
            Command.set([env.ref(g).id for g in ("base.group_user", *groups)])
        ],
        "factory_warehouse_ids": [Command.set(wh.ids)],
        "company_id": wh.company_id.id,
        "company_ids": [Command.set(wh.company_id.ids)],
    }
    found = Users.search([("login", "=", login)])
    if found:
        found.write(vals)
        return found
    return Users.create(vals)


CLERK = "factory_stock.group_warehouse_clerk"
SUPERVISOR = "factory_stock.group_warehouse_supervisor"
clerks = [user(f"soak_clerk_{i + 1:02d}", CLERK) for i in range(P["clients"])]
supervisors = [user(f"soak_super_{i}", SUPERVISOR) for i in (1, 2)]
manager = user("soak_manager", "factory_stock.group_factory_manager")
qc = user("soak_qc", "factory_stock.group_qc_inspector")
category = env["product.category"].create({"name": f"Soak {stamp}"})


def material(code, name, tracking="lot", categ=category):
    return env["product.product"].create(
        {
            "name": f"{name} {stamp}",
            "default_code": f"SOAK-{code}-{stamp}",
            "is_storable": True,
            "tracking": tracking,
            "categ_id": categ.id,
            "standard_price": 1.0,
        }
    )


def stock_in(product, qty, lot=None):
    """A counted quantity applied as Odoo's inventory adjustment."""
    quant = (
        env["stock.quant"]
        .with_context(inventory_mode=True)
        .create(
            {
                "product_id": product.id,
                "location_id": stock.id,
                "lot_id": lot.id if lot else False,
                "inventory_quantity": qty,
            }
        )
    )
    quant.action_apply_inventory()


def lotted(code, name):
    product = material(code, name)
    lot = env["stock.lot"].create(
        {"name": f"LOT-{code}-{stamp}", "product_id": product.id}
    )
    stock_in(product, P["on_hand"], lot)
    return product, lot


out = {
    "warehouse": wh.id,
    "stock": stock.id,
    "customers": customers.id,
    "out_type": wh.out_type_id.id,
    "clerks": [u.login for u in clerks],
    "supervisors": [u.login for u in supervisors],
}

# Delivery: each client creates its own transfer of one unit of the lot.
product, lot = lotted("D", "Soak delivery")
out["delivery"] = {"product": product.id, "lot": lot.id, "uom": product.uom_id.id}

# Scan: one open delivery of one unit per client; Odoo reserved the first
# half of the stock for the first transfers, the others wait (free stock is
# taken by scanning).
product, lot = lotted("S", "Soak scan")
pickings = env["stock.picking"].create(
    [
        {
            "picking_type_id": wh.out_type_id.id,
            "location_id": stock.id,
            "location_dest_id": customers.id,
            "origin": f"soak scan {i + 1}",
            "move_ids": [
                Command.create(
                    {
                        "name": product.name,
                        "product_id": product.id,
                        "product_uom_qty": 1,
                        "product_uom": product.uom_id.id,
                        "location_id": stock.id,
                        "location_dest_id": customers.id,
                    }
                )
            ],
        }
        for i in range(P["clients"])
    ]
)
pickings.action_confirm()
pickings.do_unreserve()
reserved = pickings[: P["on_hand"] // 2]
reserved.action_assign()
out["scan"] = {
    "product": product.id,
    "lot": lot.id,
    "barcode": lot.name,
    "pickings": pickings.ids,
    "reserved": [p.id for p in reserved if p.state == "assigned"],
}

# Approvals: per round a stocktake waiting for approval, a receipt whose
# inspection waits for confirmation, and (factory_mrp) a submitted request.
rounds = {"stocktake": [], "inspection": [], "request": []}
qc_category = env["product.category"].create(
    {"name": f"Soak inspected {stamp}", "factory_qc_required": True}
)
supplier = env["res.partner"].create({"name": f"Soak supplier {stamp}"})
has_mrp = "factory.material.request" in env
if has_mrp:
    workshop = [
        user(f"soak_workshop_{i}", "factory_stock.group_workshop_supervisor")
        for i in (0, 1, 2)
    ]
    out["workshop"] = [u.login for u in workshop]
    center = env["factory.cost.center"].create(
        {"name": f"Soak maintenance {stamp}", "code": f"SOAK-{stamp}"}
    )
for r in range(P["rounds"]):
    # stocktake: 5 on the books, 4 counted by a clerk who also submits
    product = material(f"T{r}", "Soak count", tracking="none")
    stock_in(product, 5)
    take = (
        env["factory.stocktake"]
        .with_user(manager)
        .create(
            {
                "warehouse_id": wh.id,
                "stocktake_type": "cycle",
                "product_ids": [Command.set(product.ids)],
                "location_ids": [Command.set(stock.ids)],
            }
        )
    )
    take.action_start()
    take.line_ids.with_user(clerks[0]).write({"counted_qty": 4})
    take.with_user(clerks[0]).action_submit()
    rounds["stocktake"].append({"id": take.id, "product": product.id})
    # inspection: received (validated) by a clerk, inspected by QC
    product = material(f"Q{r}", "Soak inspected", tracking="none", categ=qc_category)
    receipt = (
        env["stock.picking"]
        .with_user(clerks[0])
        .create(
            {
                "picking_type_id": wh.in_type_id.id,
                "partner_id": supplier.id,
                "location_id": env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": stock.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": 6,
                            "product_uom": product.uom_id.id,
                            "location_id": env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": stock.id,
                        }
                    )
                ],
            }
        )
    )
    receipt.action_confirm()
    receipt.move_ids.move_line_ids.write({"quantity": 6, "picked": True})
    receipt.button_validate()
    inspections = receipt.factory_qc_inspection_ids.with_user(qc)
    inspections.write({"sample_size": 1, "qty_passed": 6, "qty_rejected": 0})
    inspections.action_inspect()
    rounds["inspection"].append({"id": receipt.id, "product": product.id, "qty": 6})
    if has_mrp:
        product = material(f"M{r}", "Soak requested", tracking="none")
        stock_in(product, 10)
        request = (
            env["factory.material.request"]
            .with_user(workshop[0])
            .create(
                {
                    "warehouse_id": wh.id,
                    "cost_center_id": center.id,
                    "line_ids": [
                        Command.create({"product_id": product.id, "product_qty": 2})
                    ],
                }
            )
        )
        request.action_submit()
        rounds["request"].append({"id": request.id, "product": product.id})
out["rounds"] = rounds
env.cr.commit()
print("SOAK_JSON:" + json.dumps(out))
