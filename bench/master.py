"""Master data of a benchmark database, created through the ORM the way a
user or an import would: settings (storage locations, lots), a standard-cost
category, warehouses ``BW1…`` with a *Material Issue* type each, bins,
suppliers, customers, materials, reorder rules and the benchmark user.
"""

from common import BENCH_LOGIN, BENCH_PASSWORD, Progress

LOT_SHARE = 0.05
SERIAL_SHARE = 0.01
ORDERPOINT_SHARE = 0.10
WAREHOUSE_NAMES = ["原料仓", "成品仓", "辅料仓", "半成品仓", "备件仓", "外协仓"]
GRADES = "ABCDEFG"


def spec_code(rnd):
    return f"SPEC-{rnd.randint(1, 999):03d}/{rnd.choice(GRADES)}"


def bin_name(index):
    """Bin code: aisle letter, rack, level (A01-01, A01-02, ...)."""
    aisle = chr(65 + index // 400 % 26)
    return f"{aisle}{index // 20 % 20 + 1:02d}-{index % 20 + 1:02d}"


def create_master(env, sizes, rnd):
    company = env.company
    settings = env["res.config.settings"].create(
        {"group_stock_multi_locations": True, "group_stock_production_lot": True}
    )
    settings.execute()
    category = env["product.category"].create(
        {
            "name": "Bench Materials",
            "property_cost_method": "standard",
            "property_valuation": "manual_periodic",
        }
    )
    warehouses = env["stock.warehouse"]
    for i in range(sizes["warehouses"]):
        warehouses |= env["stock.warehouse"].create(
            {"name": WAREHOUSE_NAMES[i], "code": f"BW{i + 1}", "company_id": company.id}
        )
    production = env["stock.location"].search(
        [("usage", "=", "production"), ("company_id", "=", company.id)], limit=1
    )
    scrap = env["stock.location"].search(
        [("scrap_location", "=", True), ("company_id", "=", company.id)], limit=1
    )
    inventory = env["stock.location"].search(
        [
            ("usage", "=", "inventory"),
            ("scrap_location", "=", False),
            ("company_id", "=", company.id),
        ],
        limit=1,
    )
    wh_data = []
    for wh in warehouses:
        bins = env["stock.location"].create(
            [
                {
                    "name": bin_name(b),
                    "location_id": wh.lot_stock_id.id,
                    "usage": "internal",
                }
                for b in range(sizes["bins"])
            ]
        )
        issue_type = env["stock.picking.type"].create(
            {
                "name": "Material Issue",
                "code": "outgoing",
                "sequence_code": "ISS",
                "warehouse_id": wh.id,
                "company_id": company.id,
                "default_location_src_id": wh.lot_stock_id.id,
                "default_location_dest_id": production.id,
            }
        )
        wh_data.append(
            {
                "id": wh.id,
                "stock": wh.lot_stock_id.id,
                "bins": bins.ids,
                "types": {
                    "receipt": wh.in_type_id,
                    "delivery": wh.out_type_id,
                    "internal": wh.int_type_id,
                    "issue": issue_type,
                },
            }
        )
    suppliers = env["res.partner"].create(
        [
            {
                "name": f"供应商 Supplier {i + 1:04d}",
                "is_company": True,
                "supplier_rank": 1,
            }
            for i in range(sizes["suppliers"])
        ]
    )
    customers = env["res.partner"].create(
        [
            {
                "name": f"客户 Customer {i + 1:04d}",
                "is_company": True,
                "customer_rank": 1,
            }
            for i in range(sizes["customers"])
        ]
    )
    uoms = [
        (env.ref("uom.product_uom_unit"), 70),
        (env.ref("uom.product_uom_kgm"), 15),
        (env.ref("uom.product_uom_meter"), 10),
        (env.ref("uom.product_uom_litre"), 5),
    ]
    families = [
        "电阻",
        "电容",
        "螺丝",
        "钢板",
        "轴承",
        "包装箱",
        "线缆",
        "胶水",
        "塑料粒",
        "芯片",
    ]
    progress = Progress("materials", sizes["materials"])
    products = []
    batch = 500
    for start in range(0, sizes["materials"], batch):
        vals_list = []
        for i in range(start, min(start + batch, sizes["materials"])):
            draw = rnd.random()
            tracking = (
                "serial"
                if draw < SERIAL_SHARE
                else "lot"
                if draw < SERIAL_SHARE + LOT_SHARE
                else "none"
            )
            uom = (
                uoms[0][0]
                if tracking == "serial"
                else rnd.choices([u for u, _w in uoms], [w for _u, w in uoms])[0]
            )
            family = families[i % len(families)]
            vals_list.append(
                {
                    "name": f"{family} Material {i + 1:06d}",
                    "default_code": f"M{i + 1:06d}",
                    "factory_spec": spec_code(rnd),
                    "type": "consu",
                    "is_storable": True,
                    "tracking": tracking,
                    "categ_id": category.id,
                    "uom_id": uom.id,
                    "uom_po_id": uom.id,
                    "standard_price": round(rnd.uniform(0.05, 800.0), 2),
                }
            )
        templates = env["product.template"].create(vals_list)
        for tmpl in templates:
            products.append(
                {
                    "id": tmpl.product_variant_id.id,
                    "uom": tmpl.uom_id.id,
                    "tracking": tmpl.tracking,
                    "price": tmpl.standard_price,
                    "name": tmpl.name,
                    "display": tmpl.product_variant_id.display_name,
                }
            )
        env.cr.commit()
        progress.update(len(products))
    progress.done(len(products))
    # each material lives in one or two warehouses, in one to three bins each
    for product in products:
        homes = rnd.sample(
            range(len(wh_data)), min(len(wh_data), 1 + (rnd.random() < 0.3))
        )
        product["bins"] = {
            w: rnd.sample(
                wh_data[w]["bins"], min(len(wh_data[w]["bins"]), rnd.randint(1, 3))
            )
            for w in homes
        }
    # reorder rules (safety / maximum stock) for a share of the materials
    rule_vals = []
    for product in rnd.sample(products, max(1, int(len(products) * ORDERPOINT_SHARE))):
        w = next(iter(product["bins"]))
        low = rnd.randint(5, 200)
        rule_vals.append(
            {
                "product_id": product["id"],
                "warehouse_id": wh_data[w]["id"],
                "location_id": wh_data[w]["stock"],
                "product_min_qty": low,
                "product_max_qty": low * rnd.randint(2, 5),
            }
        )
    env["stock.warehouse.orderpoint"].create(rule_vals)
    env["res.users"].create(
        {
            "name": "Bench Supervisor",
            "login": BENCH_LOGIN,
            "password": BENCH_PASSWORD,
            "groups_id": [
                (6, 0, [env.ref("factory_stock.group_warehouse_supervisor").id])
            ],
            "factory_warehouse_ids": [(6, 0, warehouses.ids)],
        }
    )
    env.cr.commit()
    return {
        "company": company.id,
        "currency_rounding": company.currency_id.rounding,
        "category": category.id,
        "warehouses": wh_data,
        "suppliers": suppliers.ids,
        "customers": customers.ids,
        "products": products,
        "loc_supplier": env.ref("stock.stock_location_suppliers").id,
        "loc_customer": env.ref("stock.stock_location_customers").id,
        "loc_production": production.id,
        "loc_scrap": scrap.id,
        "loc_inventory": inventory.id,
    }
