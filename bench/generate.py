"""Generate a benchmark database: a realistic factory with years of history.

    python bench/generate.py --profile small|large --db factory_bench_small --seed 42

Master data (settings, warehouses, bins, partners, materials, reorder rules,
the benchmark user) is created through the ORM, the way a user or an import
would.  The history (pickings, scraps, lots, stock moves, move lines and
valuation layers) is simulated in Python from stock that exists and written
with COPY, column for column what Odoo writes for a done move (see
``bench/README.md``); quants are then derived from the done move lines in
one SQL statement, as Odoo would have kept them.  The run ends with the
consistency check of ``bench/check.py`` (exit 1 when it fails).

Same profile, sizes and seed → same data.
"""

import argparse
import bisect
import io
import random
import sys
import time
from datetime import date, datetime, timedelta

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))

import common
from common import BenchError, say

PROFILES = {
    "large": {
        "materials": 20000,
        "warehouses": 3,
        "bins": 200,
        "suppliers": 300,
        "customers": 150,
        "months": 24,
        "moves": 500000,
    },
    "small": {
        "materials": 2000,
        "warehouses": 3,
        "bins": 40,
        "suppliers": 30,
        "customers": 20,
        "months": 24,
        "moves": 30000,
    },
}
SIZE_KEYS = (
    "materials",
    "warehouses",
    "bins",
    "suppliers",
    "customers",
    "months",
    "moves",
)
LOT_SHARE = 0.05
SERIAL_SHARE = 0.01
ORDERPOINT_SHARE = 0.10
OPEN_SHARE = 0.02  # open (not done) moves, relative to the done ones
WAREHOUSE_NAMES = ["原料仓", "成品仓", "辅料仓", "半成品仓", "备件仓", "外协仓"]
# document kinds: weight (share of documents), lines per document
KINDS = {
    "receipt": (26, (1, 6)),
    "issue": (26, (1, 8)),
    "delivery": (20, (1, 5)),
    "internal": (12, (1, 3)),
    "scrap": (6, (1, 1)),
    "inventory": (10, (1, 1)),
}
GRADES = "ABCDEFG"
BENCH_LOGIN = "bench_supervisor"
BENCH_PASSWORD = "bench_supervisor"
ADMIN_UID = 2


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Generate a Factory Suite benchmark database.",
        epilog="Sizes override the profile's; databases are named factory_bench_*.",
    )
    parser.add_argument("--profile", default="large", help="large (default) or small")
    parser.add_argument(
        "--db", help="database to (re)create (default factory_bench_<profile>)"
    )
    parser.add_argument("--seed", type=int, default=42)
    for key in SIZE_KEYS:
        parser.add_argument(f"--{key}", type=int, help=f"number of {key}")
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=date.today(),
        help="last day of the history (YYYY-MM-DD, default today)",
    )
    parser.add_argument("--no-check", action="store_true", help="skip the final check")
    args = parser.parse_args(argv)
    if args.profile not in PROFILES:
        raise BenchError(
            f"unknown profile {args.profile!r}: choose one of {', '.join(PROFILES)}"
        )
    sizes = dict(PROFILES[args.profile])
    for key in SIZE_KEYS:
        value = getattr(args, key)
        if value is not None:
            if value <= 0:
                raise BenchError(f"--{key} must be a positive number, not {value}")
            sizes[key] = value
    if sizes["warehouses"] > len(WAREHOUSE_NAMES):
        raise BenchError(f"--warehouses must be at most {len(WAREHOUSE_NAMES)}")
    if sizes["bins"] > 9999:
        raise BenchError("--bins must be at most 9999")
    args.db = args.db or f"{common.PREFIX}{args.profile}"
    common.check_db_name(args.db)
    args.sizes = sizes
    return args


def spec_code(rnd):
    return f"SPEC-{rnd.randint(1, 999):03d}/{rnd.choice(GRADES)}"


def bin_name(index):
    """Bin code: aisle letter, rack, level (A01-01, A01-02, ...)."""
    aisle = chr(65 + index // 400 % 26)
    return f"{aisle}{index // 20 % 20 + 1:02d}-{index % 20 + 1:02d}"


class Progress:
    def __init__(self, label, total):
        self.label, self.total = label, total
        self.start = self.last = time.time()

    def update(self, done, force=False):
        now = time.time()
        if force or now - self.last >= 5:
            self.last = now
            rate = done / max(now - self.start, 1e-6)
            say(f"{self.label} {done:,}/{self.total:,} ({rate:,.0f}/s)")

    def done(self, done):
        self.update(done, force=True)


# --------------------------------------------------------------------------
# master data through the ORM
# --------------------------------------------------------------------------
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


# --------------------------------------------------------------------------
# history: simulation in Python, COPY into PostgreSQL
# --------------------------------------------------------------------------
def _fmt(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")
    return str(value)


class Table:
    """Rows buffered as COPY text, flushed every ``chunk`` rows."""

    def __init__(self, cr, name, columns, chunk=20000, parents=()):
        self.cr, self.name, self.columns, self.chunk = cr, name, columns, chunk
        self.parents = parents  # tables this one refers to: written first
        self.buf, self.count = [], 0

    def add(self, *values):
        self.buf.append("\t".join(map(_fmt, values)))

    def flush_if_full(self):
        if len(self.buf) >= self.chunk:
            self.flush()

    def flush(self):
        for parent in self.parents:
            parent.flush()
        if self.buf:
            data = io.StringIO("\n".join(self.buf) + "\n")
            self.cr.copy_expert(
                f"COPY {self.name} ({', '.join(self.columns)}) FROM STDIN", data
            )
            self.count += len(self.buf)
            self.buf = []


def next_id(cr, table):
    cr.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cr.fetchone()[0]


class History:
    """Simulates the factory's stock day by day and writes what Odoo writes."""

    MOVE_COLS = [
        "id",
        "sequence",
        "company_id",
        "product_id",
        "product_uom",
        "location_id",
        "location_dest_id",
        "partner_id",
        "picking_id",
        "scrap_id",
        "picking_type_id",
        "warehouse_id",
        "create_uid",
        "write_uid",
        "name",
        "priority",
        "state",
        "origin",
        "procure_method",
        "reference",
        "product_qty",
        "product_uom_qty",
        "quantity",
        "picked",
        "scrapped",
        "propagate_cancel",
        "is_inventory",
        "additional",
        "date",
        "create_date",
        "write_date",
        "reservation_date",
        "description_picking",
    ]
    LINE_COLS = [
        "picking_id",
        "move_id",
        "company_id",
        "product_id",
        "product_uom_id",
        "lot_id",
        "location_id",
        "location_dest_id",
        "create_uid",
        "write_uid",
        "lot_name",
        "state",
        "reference",
        "quantity",
        "quantity_product_uom",
        "picked",
        "date",
        "create_date",
        "write_date",
    ]
    SVL_COLS = [
        "company_id",
        "product_id",
        "categ_id",
        "stock_move_id",
        "create_uid",
        "write_uid",
        "description",
        "quantity",
        "unit_cost",
        "value",
        "remaining_qty",
        "remaining_value",
        "create_date",
        "write_date",
    ]
    PICKING_COLS = [
        "id",
        "location_id",
        "location_dest_id",
        "picking_type_id",
        "partner_id",
        "company_id",
        "user_id",
        "create_uid",
        "write_uid",
        "name",
        "origin",
        "move_type",
        "state",
        "priority",
        "has_deadline_issue",
        "printed",
        "is_locked",
        "scheduled_date",
        "date",
        "date_done",
        "create_date",
        "write_date",
    ]
    LOT_COLS = [
        "id",
        "product_id",
        "product_uom_id",
        "company_id",
        "create_uid",
        "write_uid",
        "name",
        "create_date",
        "write_date",
    ]
    SCRAP_COLS = [
        "id",
        "company_id",
        "product_id",
        "product_uom_id",
        "lot_id",
        "location_id",
        "scrap_location_id",
        "create_uid",
        "write_uid",
        "name",
        "origin",
        "state",
        "scrap_qty",
        "should_replenish",
        "date_done",
        "create_date",
        "write_date",
    ]

    def __init__(self, env, master, sizes, rnd):
        self.env, self.cr, self.m, self.sizes, self.rnd = (
            env,
            env.cr,
            master,
            sizes,
            rnd,
        )
        cr = self.cr
        self.pickings = Table(cr, "stock_picking", self.PICKING_COLS, 5000)
        self.lots = Table(cr, "stock_lot", self.LOT_COLS, 5000)
        self.scraps = Table(cr, "stock_scrap", self.SCRAP_COLS, 5000, [self.lots])
        self.moves = Table(
            cr, "stock_move", self.MOVE_COLS, parents=[self.pickings, self.scraps]
        )
        self.lines = Table(
            cr, "stock_move_line", self.LINE_COLS, parents=[self.moves, self.lots]
        )
        self.svls = Table(
            cr, "stock_valuation_layer", self.SVL_COLS, parents=[self.moves]
        )
        self.move_id = next_id(cr, "stock_move")
        self.picking_id = next_id(cr, "stock_picking")
        self.lot_id = next_id(cr, "stock_lot")
        self.scrap_id = next_id(cr, "stock_scrap")
        self.company = master["company"]
        self.products = master["products"]
        self.whs = master["warehouses"]
        # popularity: a few materials move a lot, most rarely (Zipf-like)
        weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(self.products))]
        order = list(range(len(self.products)))
        rnd.shuffle(order)
        self.popular = [self.products[i] for i in order]
        self.cum = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)
        # stock on hand: (product id, warehouse index) -> {(bin, lot id): qty}
        self.stock = {}
        # FIFO valuation candidates: product id -> [[remaining qty, layer index]]
        self.layers = {}
        self.in_layers = []  # [qty, price, remaining] of each incoming layer
        self.svl_rows = []
        self.seq_next = {}
        self.scrap_seq = env["ir.sequence"].search(
            [("code", "=", "stock.scrap")], limit=1
        )
        self.scrap_next = self.scrap_seq.number_next_actual
        self.lot_seq = 0
        self.done_moves = 0

    # helpers ---------------------------------------------------------------
    def pick_product(self):
        x = self.rnd.random() * self.cum[-1]
        return self.popular[bisect.bisect_left(self.cum, x)]

    def picking_name(self, ptype):
        n = self.seq_next.get(ptype.id)
        if n is None:
            n = ptype.sequence_id.number_next_actual
        self.seq_next[ptype.id] = n + 1
        seq = ptype.sequence_id
        return f"{seq.prefix or ''}{n:0{seq.padding}d}"

    def new_lot(self, product, when):
        self.lot_seq += 1
        lot_id = self.lot_id
        self.lot_id += 1
        prefix = "SN" if product["tracking"] == "serial" else "LOT"
        name = f"{prefix}{self.lot_seq:08d}"
        self.lots.add(
            lot_id,
            product["id"],
            product["uom"],
            self.company,
            ADMIN_UID,
            ADMIN_UID,
            name,
            when,
            when,
        )
        return lot_id, name

    def available(self, product, w):
        return self.stock.get((product["id"], w), {})

    def take(self, product, w, qty):
        """Remove up to qty from the bins of warehouse w, oldest lot first;
        return [(bin, lot, qty)]."""
        bins = self.stock.get((product["id"], w))
        if not bins:
            return []
        keys = (
            sorted(bins, key=lambda k: (k[1] or 0, k[0]))
            if product["tracking"] != "none"
            else list(bins)
        )
        if product["tracking"] == "none":
            self.rnd.shuffle(keys)
        taken = []
        for key in keys:
            if qty <= 0 or len(taken) >= (
                qty if product["tracking"] == "serial" else 3
            ):
                break
            part = min(qty, bins[key])
            bins[key] -= part
            if bins[key] <= 0:
                del bins[key]
            qty -= part
            taken.append((key[0], key[1], part))
        return taken

    def put(self, product, w, bin_id, lot, qty):
        bins = self.stock.setdefault((product["id"], w), {})
        bins[(bin_id, lot)] = bins.get((bin_id, lot), 0) + qty

    def svl(self, move_id, product, qty, reference, when):
        price = product["price"]
        value = round(qty * price, 2)
        desc = f"{reference} - {product['name']}" if reference else product["name"]
        if qty > 0:
            idx = len(self.svl_rows)
            self.svl_rows.append(
                [move_id, product, qty, price, value, qty, value, desc, when]
            )
            self.layers.setdefault(product["id"], []).append(idx)
        else:
            need = -qty
            queue = self.layers.get(product["id"], [])
            while need > 0 and queue:
                row = self.svl_rows[queue[0]]
                part = min(need, row[5])
                row[5] -= part
                row[6] = round(row[6] - round(part * row[3], 2), 2)
                need -= part
                if row[5] <= 0:
                    queue.pop(0)
            remaining = -need if need > 0 else 0
            self.svl_rows.append(
                [move_id, product, qty, price, value, remaining, None, desc, when]
            )

    def flush_svls(self):
        for (
            move_id,
            product,
            qty,
            price,
            value,
            rem,
            rem_value,
            desc,
            when,
        ) in self.svl_rows:
            self.svls.add(
                self.company,
                product["id"],
                self.m["category"],
                move_id,
                ADMIN_UID,
                ADMIN_UID,
                desc,
                qty,
                price,
                value,
                rem,
                rem_value,
                when,
                when,
            )
        self.svls.flush()

    # writing ---------------------------------------------------------------
    def write_move(
        self,
        product,
        src,
        dst,
        when,
        lines,
        *,
        picking=None,
        ptype=None,
        partner=None,
        name=None,
        origin=None,
        reference=None,
        scrap=None,
        is_inventory=False,
        state="done",
        valued=0,
    ):
        move_id = self.move_id
        self.move_id += 1
        qty = sum(q for _s, _d, _lot, _ln, q in lines) if lines else None
        if state != "done":
            qty = lines and qty or 0
        demand = self._demand if state != "done" else qty
        self.moves.add(
            move_id,
            10,
            self.company,
            product["id"],
            product["uom"],
            src,
            dst,
            partner,
            picking,
            scrap,
            ptype.id if ptype else None,
            None,
            ADMIN_UID,
            ADMIN_UID,
            name or product["display"],
            "0",
            state,
            origin,
            "make_to_stock",
            reference,
            demand,
            demand,
            qty,
            state == "done",
            dst == self.m["loc_scrap"],
            True,
            is_inventory or None,
            False,
            when,
            when,
            when,
            when[:10] if picking else None,
            product["name"] if picking else None,
        )
        line_state = "done" if state == "done" else "assigned"
        for l_src, l_dst, lot, lot_name, q in lines:
            self.lines.add(
                picking,
                move_id,
                self.company,
                product["id"],
                product["uom"],
                lot,
                l_src,
                l_dst,
                ADMIN_UID,
                ADMIN_UID,
                lot_name,
                line_state,
                reference,
                q,
                q,
                state == "done",
                when,
                when,
                when,
            )
        if valued and state == "done":
            self.svl(move_id, product, valued * qty, reference, when)
        if state == "done":
            self.done_moves += 1
        return move_id

    def write_picking(
        self, picking_id, ptype, src, dst, partner, name, origin, when, state="done"
    ):
        self.pickings.add(
            picking_id,
            src,
            dst,
            ptype.id,
            partner,
            self.company,
            ADMIN_UID,
            ADMIN_UID,
            ADMIN_UID,
            name,
            origin,
            "direct",
            state,
            "0",
            False,
            None,
            True,
            when,
            when,
            when if state == "done" else None,
            when,
            when,
        )

    # documents -------------------------------------------------------------
    def doc_receipt(self, w, when, nlines, state="done"):
        rnd, wh = self.rnd, self.whs[w]
        ptype = wh["types"]["receipt"]
        src, dst = self.m["loc_supplier"], wh["stock"]
        partner = rnd.choice(self.m["suppliers"])
        picking_id, name = self.picking_id, self.picking_name(ptype)
        origin = f"PO{rnd.randint(1, 99999):05d}"
        written = 0
        for _ in range(nlines):
            product = self.pick_product()
            if w not in product["bins"]:
                continue
            qty = (
                rnd.randint(1, 6)
                if product["tracking"] == "serial"
                else rnd.randint(10, 240)
            )
            bin_id = rnd.choice(product["bins"][w])
            lines = []
            if state != "done":  # lots are entered when the receipt is validated
                units = qty if product["tracking"] == "serial" else 1
                lines = [(src, bin_id, None, None, qty // units)] * units
            elif product["tracking"] == "serial":
                for _u in range(qty):
                    lot, lot_name = self.new_lot(product, when)
                    lines.append((src, bin_id, lot, lot_name, 1))
            elif product["tracking"] == "lot":
                lot, lot_name = self.new_lot(product, when)
                lines.append((src, bin_id, lot, lot_name, qty))
            else:
                lines.append((src, bin_id, None, None, qty))
            if state == "done":
                for _s, b, lot, _n, q in lines:
                    self.put(product, w, b, lot, q)
            else:
                self._demand = qty
            self.write_move(
                product,
                src,
                dst,
                when,
                lines,
                picking=picking_id,
                ptype=ptype,
                partner=partner,
                origin=origin,
                reference=name,
                state=state,
                valued=1,
            )
            written += 1
        if written:
            self.picking_id += 1
            self.write_picking(
                picking_id, ptype, src, dst, partner, name, origin, when, state
            )
        return written

    def doc_out(self, kind, w, when, nlines, state="done"):
        """Issue to production, delivery to a customer or internal transfer."""
        rnd, wh = self.rnd, self.whs[w]
        ptype = wh["types"][kind]
        src = wh["stock"]
        if kind == "issue":
            dst, partner, origin = (
                self.m["loc_production"],
                None,
                f"WO{rnd.randint(1, 99999):05d}",
            )
        elif kind == "delivery":
            dst = self.m["loc_customer"]
            partner = rnd.choice(self.m["customers"])
            origin = f"SO{rnd.randint(1, 99999):05d}"
        else:
            dst, partner, origin = wh["stock"], None, None
        picking_id, name = self.picking_id, self.picking_name(ptype)
        written = 0
        for _ in range(nlines):
            product = self.pick_product()
            if w not in product["bins"] or not self.available(product, w):
                continue
            if product["tracking"] == "serial":
                want = rnd.randint(1, 3)
            else:
                want = rnd.randint(1, 60 if kind != "internal" else 120)
            taken = self.take(product, w, want)
            if not taken:
                continue
            lines = []
            for bin_id, lot, q in taken:
                if kind == "internal":
                    to_bin = rnd.choice(product["bins"][w] + [rnd.choice(wh["bins"])])
                    lines.append((bin_id, to_bin, lot, None, q))
                else:
                    lines.append((bin_id, dst, lot, None, q))
            if state == "done":
                if kind == "internal":
                    for _s, to_bin, lot, _n, q in lines:
                        self.put(product, w, to_bin, lot, q)
                        if to_bin not in product["bins"][w]:
                            product["bins"][w].append(to_bin)
            else:
                # a reservation: the stock stays, but is no longer available
                self._demand = sum(q for _b, _l, q in taken) + (
                    rnd.randint(0, 5) if product["tracking"] == "none" else 0
                )
            self.write_move(
                product,
                src,
                dst,
                when,
                lines,
                picking=picking_id,
                ptype=ptype,
                partner=partner,
                origin=origin,
                reference=name,
                state=state,
                valued=0 if kind == "internal" else -1,
            )
            written += 1
        if written:
            self.picking_id += 1
            self.write_picking(
                picking_id, ptype, src, dst, partner, name, origin, when, state
            )
        return written

    def doc_scrap(self, w, when):
        product = self.pick_product()
        if w not in product["bins"] or not self.available(product, w):
            return 0
        taken = self.take(
            product, w, 1 if product["tracking"] == "serial" else self.rnd.randint(1, 8)
        )
        bin_id, lot, qty = taken[0]
        for b, lt, q in taken[1:]:  # a scrap is one location and lot: put the rest back
            self.put(product, w, b, lt, q)
        scrap_id = self.scrap_id
        self.scrap_id += 1
        name = (
            f"{self.scrap_seq.prefix or ''}{self.scrap_next:0{self.scrap_seq.padding}d}"
        )
        self.scrap_next += 1
        dst = self.m["loc_scrap"]
        self.scraps.add(
            scrap_id,
            self.company,
            product["id"],
            product["uom"],
            lot,
            bin_id,
            dst,
            ADMIN_UID,
            ADMIN_UID,
            name,
            None,
            "done",
            qty,
            None,
            when,
            when,
            when,
        )
        self.write_move(
            product,
            bin_id,
            dst,
            when,
            [(bin_id, dst, lot, None, qty)],
            name=name,
            origin=name,
            reference=name,
            scrap=scrap_id,
            valued=-1,
        )
        return 1

    def doc_inventory(self, w, when):
        """A counted quantity applied: a gain from or a loss to Inventory adjustment."""
        rnd = self.rnd
        product = self.pick_product()
        if w not in product["bins"]:
            return 0
        loss_loc = self.m["loc_inventory"]
        name = "Product Quantity Updated"
        bins = self.available(product, w)
        if bins and rnd.random() < 0.6:
            taken = self.take(
                product, w, 1 if product["tracking"] == "serial" else rnd.randint(1, 10)
            )
            bin_id, lot, qty = taken[0]
            for b, lt, q in taken[1:]:
                self.put(product, w, b, lt, q)
            self.write_move(
                product,
                bin_id,
                loss_loc,
                when,
                [(bin_id, loss_loc, lot, None, qty)],
                name=name,
                reference=name,
                is_inventory=True,
                valued=-1,
            )
            return 1
        bin_id = rnd.choice(product["bins"][w])
        if product["tracking"] == "none":
            lot, lot_name, qty = None, None, rnd.randint(1, 50)
        else:
            lot, lot_name = self.new_lot(product, when)
            lot_name, qty = (
                None,
                1 if product["tracking"] == "serial" else rnd.randint(1, 50),
            )
        self.put(product, w, bin_id, lot, qty)
        self.write_move(
            product,
            loss_loc,
            bin_id,
            when,
            [(loss_loc, bin_id, lot, lot_name, qty)],
            name=name,
            reference=name,
            is_inventory=True,
            valued=1,
        )
        return 1

    # main loop -------------------------------------------------------------
    def run(self):
        rnd, target = self.rnd, self.sizes["moves"]
        # history ends at 18:00 of the end date; open documents are dated then
        now = datetime.combine(self.end_date, datetime.min.time()) + timedelta(hours=18)
        end = now - timedelta(hours=2)
        start = end - timedelta(days=int(self.sizes["months"] * 30.44))
        step = (end - start).total_seconds() / target
        kinds = list(KINDS)
        kind_w = [KINDS[k][0] for k in kinds]
        t = 0.0
        span = (end - start).total_seconds()
        progress = Progress("moves", target)
        while self.done_moves < target:
            kind = rnd.choices(kinds, kind_w)[0]
            nlines = min(rnd.randint(*KINDS[kind][1]), target - self.done_moves)
            t += step * nlines * rnd.uniform(0.2, 1.8)
            when = (start + timedelta(seconds=int(min(t, span)))).strftime(
                "%Y-%m-%d %H:%M:%S"
            )
            w = rnd.randrange(len(self.whs))
            if kind == "receipt":
                self.doc_receipt(w, when, nlines)
            elif kind in ("issue", "delivery", "internal"):
                self.doc_out(kind, w, when, nlines)
            elif kind == "scrap":
                self.doc_scrap(w, when)
            else:
                self.doc_inventory(w, when)
            self.lines.flush_if_full()
            self.moves.flush_if_full()
            progress.update(self.done_moves)
        progress.done(self.done_moves)
        # open documents: receipts due, reserved issues and deliveries, waiting moves
        n_open = max(1, int(target * OPEN_SHARE))
        opened = 0
        when_open = now.strftime("%Y-%m-%d %H:%M:%S")
        while opened < n_open:
            w = rnd.randrange(len(self.whs))
            draw = rnd.random()
            nlines = rnd.randint(1, 4)
            if draw < 0.35:
                opened += self.doc_receipt(w, when_open, nlines, state="assigned")
            elif draw < 0.85:
                opened += self.doc_out(
                    rnd.choice(("issue", "delivery")),
                    w,
                    when_open,
                    nlines,
                    state="assigned",
                )
            else:
                opened += self.doc_waiting(w, when_open)
        for table in (self.lots, self.pickings, self.scraps, self.moves, self.lines):
            table.flush()
        self.flush_svls()
        say(
            f"history: {self.moves.count:,} moves, {self.lines.count:,} move lines, "
            f"{self.svls.count:,} valuation layers, {self.pickings.count:,} transfers, "
            f"{self.lots.count:,} lots/serials, {self.scraps.count:,} scraps "
            f"({n_open:,} open moves)"
        )

    def doc_waiting(self, w, when):
        """A confirmed delivery waiting for stock (no reservation)."""
        wh = self.whs[w]
        ptype = wh["types"]["delivery"]
        product = self.pick_product()
        if w not in product["bins"]:
            return 0
        picking_id, name = self.picking_id, self.picking_name(ptype)
        self.picking_id += 1
        partner = self.rnd.choice(self.m["customers"])
        origin = f"SO{self.rnd.randint(1, 99999):05d}"
        self._demand = self.rnd.randint(1, 3 if product["tracking"] == "serial" else 80)
        dst = self.m["loc_customer"]
        self.write_move(
            product,
            wh["stock"],
            dst,
            when,
            [],
            picking=picking_id,
            ptype=ptype,
            partner=partner,
            origin=origin,
            reference=name,
            state="confirmed",
        )
        self.write_picking(
            picking_id,
            ptype,
            wh["stock"],
            dst,
            partner,
            name,
            origin,
            when,
            "confirmed",
        )
        return 1

    def finish(self):
        """Sequences continue after the history; ids after the inserted rows."""
        for table in (
            "stock_move",
            "stock_move_line",
            "stock_valuation_layer",
            "stock_picking",
            "stock_lot",
            "stock_scrap",
        ):
            self.cr.execute(
                f"SELECT setval('{table}_id_seq',"
                f" GREATEST((SELECT MAX(id) FROM {table}), 1))"
            )
        for ptype_id, n in self.seq_next.items():
            self.env["stock.picking.type"].browse(ptype_id).sequence_id.write(
                {"number_next": n}
            )
        self.scrap_seq.write({"number_next": self.scrap_next})


QUANTS_SQL = """
INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity,
    reserved_quantity, in_date, inventory_quantity, inventory_diff_quantity,
    inventory_quantity_set, create_uid, write_uid, create_date, write_date)
SELECT product_id, %(company)s, location_id, lot_id, SUM(qty), SUM(reserved),
       COALESCE(MIN(in_date), MIN(any_date)), 0, 0, false, 2, 2,
       MIN(any_date), MAX(any_date)
  FROM (
        SELECT ml.product_id, ml.location_dest_id AS location_id, ml.lot_id,
               ml.quantity_product_uom AS qty, 0 AS reserved,
               ml.date AS in_date, ml.date AS any_date
          FROM stock_move_line ml
         WHERE ml.state = 'done' AND ml.product_id = ANY(%(products)s)
        UNION ALL
        SELECT ml.product_id, ml.location_id, ml.lot_id, -ml.quantity_product_uom, 0,
               NULL, ml.date
          FROM stock_move_line ml
         WHERE ml.state = 'done' AND ml.product_id = ANY(%(products)s)
        UNION ALL
        SELECT ml.product_id, ml.location_id, ml.lot_id, 0, ml.quantity_product_uom,
               NULL, ml.date
          FROM stock_move_line ml
          JOIN stock_location l ON l.id = ml.location_id
         WHERE ml.state NOT IN ('done', 'cancel') AND l.usage = 'internal'
           AND ml.product_id = ANY(%(products)s)
       ) AS flow
 GROUP BY product_id, location_id, lot_id
HAVING SUM(qty) <> 0 OR SUM(reserved) <> 0
"""


def build_quants(env, master):
    cr = env.cr
    products = [p["id"] for p in master["products"]]
    cr.execute(QUANTS_SQL, {"company": master["company"], "products": products})
    say(f"quants: {cr.rowcount:,}")
    # stored computed fields Odoo keeps on quants and lots
    locations = env["stock.location"].search([("usage", "in", ("internal", "transit"))])
    dates = [(loc.id, loc._get_next_inventory_date()) for loc in locations]
    dates = [(loc_id, d) for loc_id, d in dates if d]
    if dates:
        cr.execute(
            "UPDATE stock_quant q SET inventory_date = v.d::date FROM (VALUES "
            + ", ".join(["(%s, %s)"] * len(dates))
            + ") AS v(loc, d) WHERE q.location_id = v.loc AND q.product_id = ANY(%s)",
            [x for pair in dates for x in pair] + [products],
        )
    cr.execute(
        """
        UPDATE stock_lot lot SET location_id = s.location_id
          FROM (SELECT lot_id, MIN(location_id) AS location_id
                  FROM stock_quant WHERE lot_id IS NOT NULL AND quantity > 0
                 GROUP BY lot_id HAVING COUNT(DISTINCT location_id) = 1) AS s
         WHERE lot.id = s.lot_id
        """
    )
    cr.execute("ANALYZE")


def main(argv=None):
    started = time.time()
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        conf = common.write_conf(args.db)
        common.pg_connect().close()
        from odoo.tools import config

        config.parse_config(["-c", str(conf), "-d", args.db, "--log-level=warn"])
        if not common.ODOO_BIN.exists():
            raise BenchError(f"no Odoo source at {common.ODOO_SRC}: run 'make setup'")
        say(
            f"profile {args.profile}, seed {args.seed}, database {args.db}: "
            + ", ".join(f"{k} {v:,}" for k, v in args.sizes.items())
        )
        common.create_database(args.db, conf)
    except BenchError as exc:
        common.fail(str(exc))
    import odoo

    registry = common.odoo_env(args.db, conf)
    rnd = random.Random(args.seed)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        t0 = time.time()
        master = create_master(env, args.sizes, rnd)
        say(f"master data in {time.time() - t0:.0f} s")
        t0 = time.time()
        history = History(env, master, args.sizes, rnd)
        history.end_date = args.end_date
        history.run()
        history.finish()
        build_quants(env, master)
        cr.commit()
        say(f"history and quants in {time.time() - t0:.0f} s")
    wall = time.time() - started
    say(f"generated {args.db} in {wall:.0f} s ({wall / 60:.1f} min)")
    if args.no_check:
        return 0
    import check

    ok = check.run_checks(registry, native=True)
    say(f"total wall time {time.time() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
