"""The records the access matrix (tests/access_matrix.py) works on.

Two warehouses of the company: every role user is assigned the first
("own"), none the second ("other"). One user per role, each with an
employee; three administrators of both warehouses (boss, boss2, receiver)
who prepare documents, so that no role user ever approves their own work. Materials,
a bill of materials with one operation, stock in both warehouses.

Everything is made through the ORM in the caller's transaction (the
generator and the test roll it back); nothing depends on the demo data.
"""

from functools import cached_property

from odoo import Command

# (key, group xml id, column title); the order of the README's demo logins
ROLES = (
    ("clerk", "factory_stock.group_warehouse_clerk", "Clerk"),
    ("wh_super", "factory_stock.group_warehouse_supervisor", "WH Supervisor"),
    ("qc", "factory_stock.group_qc_inspector", "QC"),
    ("workshop", "factory_stock.group_workshop_supervisor", "Workshop"),
    ("worker", "factory_stock.group_line_worker", "Worker"),
    ("buyer", "factory_stock.group_purchaser", "Purchaser"),
    ("accountant", "factory_stock.group_accountant", "Accountant"),
    ("manager", "factory_stock.group_factory_manager", "Manager"),
    ("admin", "factory_stock.group_factory_admin", "Admin"),
)
ADMIN_GROUP = "factory_stock.group_factory_admin"
QUIET = {
    "no_reset_password": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


class World:
    """Shared fixtures; ``env`` is a superuser environment."""

    def __init__(self, env):
        self.env = env
        self.company = env.company
        self.memo = {}  # records made once (access_matrix_cases.py)
        self.case_records = {}
        Warehouse = env["stock.warehouse"]
        self.wh_own = Warehouse.create({"name": "Matrix Own WH", "code": "MXOWN"})
        self.wh_other = Warehouse.create({"name": "Matrix Other WH", "code": "MXOTH"})
        both = self.wh_own | self.wh_other
        self.users = {
            key: self.user(f"mx_{key}", group, self.wh_own) for key, group, _ in ROLES
        }
        self.boss = self.user("mx_boss", ADMIN_GROUP, both)
        self.boss2 = self.user("mx_boss2", ADMIN_GROUP, both)
        self.receiver = self.user("mx_receiver", ADMIN_GROUP, both)
        self.plain = self.user("mx_plain", "base.group_user", self.wh_other)
        Employee = env["hr.employee"]
        self.employees = {
            user: Employee.create(
                {
                    "name": f"Matrix {user.login}",
                    "user_id": user.id,
                    "barcode": f"MX{n}",
                }
            )
            for n, user in enumerate([*self.users.values(), self.boss])
        }
        self.other_employee = Employee.create(
            {"name": "Matrix other worker", "barcode": "MXOTHER"}
        )
        self.category = env["product.category"].create({"name": "Matrix materials"})
        self.qc_category = env["product.category"].create(
            {"name": "Matrix inspected materials", "factory_qc_required": True}
        )
        self.supplier = env["res.partner"].create({"name": "Matrix Supplier"})
        self.comp = self.material("MX-C1", "Matrix shaft")
        self.comp2 = self.material("MX-C2", "Matrix spacer")
        self.short_comp = self.material("MX-C3", "Matrix rare magnet")
        self.fg = self.material("MX-FG1", "Matrix motor")
        self.fg_short = self.material("MX-FG2", "Matrix rare motor")
        self.lot_mat = self.material("MX-L1", "Matrix wire", tracking="lot")
        self.qc_mat = self.material("MX-Q1", "Matrix bearing", categ=self.qc_category)
        for product in (self.comp, self.short_comp):
            env["product.supplierinfo"].create(
                {
                    "partner_id": self.supplier.id,
                    "product_tmpl_id": product.product_tmpl_id.id,
                    "price": 3.0,
                }
            )
        for warehouse in both:
            env["stock.quant"]._update_available_quantity(
                self.comp, warehouse.lot_stock_id, 1000
            )
        self.workcenter = env["mrp.workcenter"].create(
            {"name": "Matrix work center", "code": "MXWC", "costs_hour": 30}
        )
        self.bom = self.make_bom(self.fg, self.comp)
        self.bom_short = self.make_bom(self.fg_short, self.short_comp)
        self.cost_center = env["factory.cost.center"].create(
            {"name": "Matrix maintenance", "code": "MX-CC"}
        )
        self.reason = env["factory.defect.reason"].create(
            {"name": "Matrix scratch", "code": "MX-SCRATCH"}
        )

    # ------------------------------------------------------------ masters
    def user(self, login, group, warehouses):
        return (
            self.env["res.users"]
            .with_context(**QUIET)
            .create(
                {
                    "name": login,
                    "login": login,
                    "email": f"{login}@example.com",
                    "groups_id": [
                        Command.set(
                            [self.env.ref("base.group_user").id, self.env.ref(group).id]
                        )
                    ],
                    "factory_warehouse_ids": [Command.set(warehouses.ids)],
                }
            )
        )

    def material(self, code, name, categ=None, **vals):
        return self.env["product.product"].create(
            {
                "name": name,
                "default_code": code,
                "is_storable": True,
                "categ_id": (categ or self.category).id,
                "standard_price": 5.0,
                **vals,
            }
        )

    def make_bom(self, product, component):
        return self.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": component.id, "product_qty": 1})
                ],
                "operation_ids": [
                    Command.create(
                        {
                            "name": "Matrix assembly",
                            "workcenter_id": self.workcenter.id,
                            "time_cycle_manual": 1,
                        }
                    )
                ],
            }
        )

    # ---------------------------------------------------------- documents
    def picking(self, warehouse, assign=False):
        """Internal transfer of one shaft inside ``warehouse``."""
        picking_type = warehouse.int_type_id
        stock = warehouse.lot_stock_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": stock.id,
                "location_dest_id": stock.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "Matrix move",
                            "product_id": self.comp.id,
                            "product_uom_qty": 1,
                            "product_uom": self.comp.uom_id.id,
                            "location_id": stock.id,
                            "location_dest_id": stock.id,
                        }
                    )
                ],
            }
        )
        if assign:
            picking.action_confirm()
            picking.action_assign()
        return picking

    def receipt(self, warehouse, qty=10, product=None):
        """A validated receipt (by the receiver) of ``product``: an inspection
        in quarantine when the product needs one."""
        product = product or self.qc_mat
        supplier_location = self.env.ref("stock.stock_location_suppliers")
        stock = warehouse.lot_stock_id
        picking = (
            self.env["stock.picking"]
            .with_user(self.receiver)
            .create(
                {
                    "picking_type_id": warehouse.in_type_id.id,
                    "partner_id": self.supplier.id,
                    "location_id": supplier_location.id,
                    "location_dest_id": stock.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": qty,
                                "product_uom": product.uom_id.id,
                                "location_id": supplier_location.id,
                                "location_dest_id": stock.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.move_ids.write({"quantity": qty, "picked": True})
        picking.button_validate()
        return picking.sudo()

    def inspection(self, warehouse, state="todo", rejected=0.0, filled=False):
        """The inspection of a validated receipt: to inspect (``filled``: its
        result entered by boss2, not recorded yet), inspected (by boss2) or
        confirmed (by the boss)."""
        picking = self.receipt(warehouse)
        inspection = picking.factory_qc_inspection_ids
        if state == "todo" and not filled:
            return inspection
        values = {"qty_passed": inspection.qty_received - rejected}
        if rejected:
            values.update(qty_rejected=rejected, defect_reason_id=self.reason.id)
        inspection.with_user(self.boss2).write(values)
        if state == "todo":
            return inspection
        inspection.with_user(self.boss2).action_inspect()
        if state == "confirmed":
            picking.with_user(self.boss).action_factory_qc_confirm()
        return inspection

    def production(self, warehouse, state="draft", bom=None, qty=1):
        """A manufacturing order in ``warehouse``: draft, confirmed or
        released (by the boss)."""
        bom = bom or self.bom
        production = self.env["mrp.production"].create(
            {
                "product_id": bom.product_id.id
                or bom.product_tmpl_id.product_variant_id.id,
                "product_qty": qty,
                "bom_id": bom.id,
                "picking_type_id": warehouse.manu_type_id.id,
            }
        )
        if state in ("confirmed", "released"):
            production.action_confirm()
        if state == "released":
            production.with_user(self.boss).action_factory_release()
        return production

    def report(self, warehouse, employee=None, user=None, good=1.0):
        """A booked production report on a released order, made as ``user``
        (the boss by default) for ``employee``."""
        user = user or self.boss
        production = self.production(warehouse, "released", qty=5)
        return (
            self.env["factory.production.report"]
            .with_user(user)
            .sudo()
            .create(
                {
                    "workorder_id": production.workorder_ids[:1].id,
                    "employee_id": (employee or self.employees[user]).id,
                    "good_qty": good,
                    "duration": 5,
                }
            )
        )

    def request(self, warehouse, state="draft", product=None, qty=1.0):
        """An ad hoc material request of the boss: draft, submitted,
        approved (by boss2) or issued (its transfer validated)."""
        product = product or self.comp
        request = (
            self.env["factory.material.request"]
            .with_user(self.boss)
            .create(
                {
                    "warehouse_id": warehouse.id,
                    "cost_center_id": self.cost_center.id,
                    "line_ids": [
                        Command.create({"product_id": product.id, "product_qty": qty})
                    ],
                }
            )
        )
        if state == "draft":
            return request.sudo()
        request.action_submit_with_shortage()
        if state == "submitted":
            return request.sudo()
        request.with_user(self.boss2).action_approve()
        if state == "issued":
            picking = request.picking_ids.with_user(self.boss)
            picking.move_ids.write({"quantity": qty, "picked": True})
            picking.button_validate()
        return request.sudo()

    def stocktake(self, warehouse, state="draft"):
        """A stocktake of the shafts of ``warehouse``: draft, counting,
        counted (every line counted by the boss, one unit less), to_approve
        (submitted by the boss) or cancel."""
        stocktake = (
            self.env["factory.stocktake"]
            .with_user(self.boss)
            .create(
                {
                    "warehouse_id": warehouse.id,
                    "stocktake_type": "cycle",
                    "product_ids": [Command.set(self.comp.ids)],
                }
            )
        )
        if state == "cancel":
            stocktake.action_cancel()
        if state in ("draft", "cancel"):
            return stocktake.sudo()
        stocktake.action_start()
        if state in ("counted", "to_approve"):
            for line in stocktake.line_ids:
                line.counted_qty = line.book_qty - 1
        if state == "to_approve":
            stocktake.action_submit()
        return stocktake.sudo()

    @cached_property
    def done_production(self):
        """A done order: the source of the product cost rows."""
        production = self.production(self.wh_own, "released")
        self.env["factory.production.report"].with_user(self.boss).sudo().create(
            {
                "workorder_id": production.workorder_ids[:1].id,
                "employee_id": self.employees[self.boss].id,
                "good_qty": 1,
                "duration": 5,
            }
        )
        production.with_user(self.boss).action_factory_close_from_reports()
        return production
