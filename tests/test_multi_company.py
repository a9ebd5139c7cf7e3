"""Two companies in one database: neither sees the other's stock, documents,
alert rules, alerts or statements, and every cron of the suite runs for each
company with that company's settings.

Each company gets the access matrix's world (tests/access_matrix_world.py):
two warehouses, one user per role, materials of its own, stock. The role
users of company A search for and read company B's records and find nothing
or get an AccessError; a user of both companies sees B's records only while
B is among the companies they work in (the company_ids record rules).

The suite's crons (ir.cron records of its modules, listed by the test):
factory_stock's ABC classification and cycle-count planning, factory_alerts'
rule dispatcher and outbox.
"""

from datetime import date, timedelta

from access_matrix_alerts import _rule
from access_matrix_cases import _statement
from access_matrix_world import World

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

SUITE = ("factory_stock", "factory_mrp", "factory_outsourcing", "factory_alerts")
SUITE_CRONS = {
    "factory_stock.ir_cron_factory_abc": "model._cron_compute_abc()",
    "factory_stock.ir_cron_factory_cycle_count": "model._cron_plan_cycle_counts()",
    "factory_alerts.ir_cron_factory_alert_rule": "model._cron_dispatch()",
    "factory_alerts.ir_cron_factory_alert_outbox": "model._cron_send()",
    "factory_api.ir_cron_factory_api_idempotency_purge": "model._cron_purge()",
    "factory_reports.ir_cron_factory_report_export_job": (
        "model._cron_process_exports()"
    ),
}
# the roles of the brief: who could look at another company's figures
ROLES = ("clerk", "wh_super", "buyer", "accountant", "manager")


class CompanyWorld(World):
    """The access matrix's world inside ``env.company``, with its own logins
    and materials of the company."""

    def __init__(self, env, prefix):
        self.prefix = prefix
        super().__init__(env)

    def user(self, login, group, warehouses):
        return super().user(f"{self.prefix}{login}", group, warehouses)

    def material(self, code, name, categ=None, **vals):
        vals.setdefault("company_id", self.env.company.id)
        return super().material(code, name, categ=categ, **vals)


@tagged("post_install", "-at_install")
class TestMultiCompany(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.worlds = {}
        for key in ("a", "b"):
            company = cls.env["res.company"].create({"name": f"MC Factory {key}"})
            env = cls.env(
                context=dict(cls.env.context, allowed_company_ids=company.ids)
            )
            world = cls.worlds[key] = CompanyWorld(env, f"mc{key}_")
            # badges and defect codes are unique in the database
            env["hr.employee"].search([("barcode", "=like", "MX%")]).barcode = False
            world.reason.code = f"MC-{key}-SCRATCH"
            env["product.product"].browse(world.comp2.id).standard_price = 5.0
            for warehouse in (world.wh_own, world.wh_other):
                env["stock.quant"]._update_available_quantity(
                    world.comp2, warehouse.lot_stock_id, 100
                )
            world.records = {
                "stock.picking": world.picking(world.wh_own, assign=True),
                "factory.material.request": world.request(world.wh_own),
                "factory.stocktake": world.stocktake(world.wh_own, "counting"),
                "factory.qc.inspection": world.inspection(world.wh_own),
                "mrp.production": world.production(world.wh_own, "confirmed"),
                "factory.alert.rule": _rule(world),
                "factory.outsourcing.statement": _statement(world),
            }
            # the rule's low-stock condition holds in both warehouses
            for warehouse in (world.wh_own, world.wh_other):
                env["stock.warehouse.orderpoint"].create(
                    {
                        "product_id": world.comp.id,
                        "warehouse_id": warehouse.id,
                        "location_id": warehouse.lot_stock_id.id,
                        "product_min_qty": 5000,
                        "product_max_qty": 6000,
                    }
                )
        cls.a, cls.b = cls.worlds["a"], cls.worlds["b"]
        # the alert rules of both companies run (the dispatcher cron)
        rules = (
            cls.a.records["factory.alert.rule"] | cls.b.records["factory.alert.rule"]
        )
        rules.next_run = fields.Datetime.now() - timedelta(minutes=1)
        cls.env["factory.alert.rule"]._cron_dispatch()
        for world in (cls.a, cls.b):
            world.records["factory.alert"] = cls.env["factory.alert"].search(
                [("rule_id", "=", world.records["factory.alert.rule"].id)]
            )

    def _own_ids(self, world, model):
        records = world.records[model]
        self.assertTrue(records, f"{model}: the fixture made records")
        return records.ids

    def test_suite_crons_are_the_listed_ones(self):
        crons = self.env["ir.cron"].search([])
        xmlids = crons._get_external_ids()
        suite = {
            xid: cron.code.strip()
            for cron in crons
            for xid in xmlids[cron.id]
            if xid.split(".")[0] in SUITE or xid.startswith("factory_")
        }
        self.assertEqual(suite, SUITE_CRONS)

    def test_users_see_nothing_of_the_other_company(self):
        for mine, theirs in ((self.a, self.b), (self.b, self.a)):
            models = list(theirs.records)
            for role in ROLES:
                user = mine.users[role]
                for model in models:
                    Model = self.env[model].with_user(user)
                    if not Model.has_access("read"):
                        continue
                    ids = self._own_ids(theirs, model)
                    with self.subTest(user=user.login, model=model):
                        self.assertFalse(Model.search([("id", "in", ids)]))
                        with self.assertRaises(AccessError):
                            Model.browse(ids).read(["display_name"])
                # stock: the quants and the stock board of their warehouses
                warehouses = theirs.wh_own | theirs.wh_other
                with self.subTest(user=user.login, model="stock"):
                    Quant = self.env["stock.quant"].with_user(user)
                    if Quant.has_access("read"):
                        self.assertFalse(
                            Quant.search(
                                [("location_id.warehouse_id", "in", warehouses.ids)]
                            )
                        )
                    Board = self.env["factory.stock.board"].with_user(user)
                    if Board.has_access("read"):
                        self.assertFalse(
                            Board.search([("warehouse_id", "in", warehouses.ids)])
                        )
                        self.assertFalse(
                            Board.search([("product_id", "=", theirs.comp.id)])
                        )

    def test_user_of_both_companies_sees_the_companies_they_work_in(self):
        manager = self.a.users["manager"]
        manager.company_ids = [Command.link(self.b.company.id)]
        manager.factory_warehouse_ids = [
            Command.link(w.id) for w in (self.b.wh_own, self.b.wh_other)
        ]
        for model in self.b.records:
            ids = self._own_ids(self.b, model)
            only_a = self.env[model].with_user(manager).with_company(self.a.company)
            both = only_a.with_context(
                allowed_company_ids=[self.a.company.id, self.b.company.id]
            )
            with self.subTest(model=model):
                self.assertFalse(only_a.search([("id", "in", ids)]))
                self.assertEqual(both.search([("id", "in", ids)]).ids, ids)
        Board = self.env["factory.stock.board"].with_user(manager)
        board_b = [("warehouse_id", "=", self.b.wh_own.id)]
        self.assertFalse(Board.with_company(self.a.company).search(board_b))
        self.assertTrue(
            Board.with_context(
                allowed_company_ids=[self.a.company.id, self.b.company.id]
            ).search(board_b)
        )

    def test_alert_rules_run_per_company(self):
        for world in (self.a, self.b):
            alerts = world.records["factory.alert"]
            warehouses = world.wh_own | world.wh_other
            self.assertEqual(alerts.mapped("company_id"), world.company)
            self.assertEqual(alerts.mapped("warehouse_id"), warehouses)
            self.assertEqual(alerts.mapped("product_id"), world.comp)
            messages = self.env["factory.alert.outbox"].search(
                [("rule_id", "=", world.records["factory.alert.rule"].id)]
            )
            self.assertTrue(messages)
            self.assertEqual(messages.mapped("company_id"), world.company)

    def _issue(self, world, product, qty):
        env = world.env
        customer = env.ref("stock.stock_location_customers")
        move = env["stock.move"].create(
            {
                "name": "issue",
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": qty,
                "location_id": world.wh_own.lot_stock_id.id,
                "location_dest_id": customer.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = qty
        move.picked = True
        move._action_done()
        return move

    def test_abc_classes_per_company_with_its_shares(self):
        # the same issue values in both: 60 of comp, 40 of comp2
        for world in (self.a, self.b):
            self._issue(world, world.comp, 12)
            self._issue(world, world.comp2, 8)
        self.a.company.write({"factory_abc_a_share": 50, "factory_abc_b_share": 90})
        self.b.company.write({"factory_abc_a_share": 70, "factory_abc_b_share": 100})
        self.env["product.product"]._cron_compute_abc()
        self.assertEqual(
            (self.a.comp | self.a.comp2).mapped("factory_abc_class"), ["a", "b"]
        )
        self.assertEqual(
            (self.b.comp | self.b.comp2).mapped("factory_abc_class"), ["a", "a"]
        )
        self.assertAlmostEqual(self.a.comp.sudo().factory_issue_value, 60)

    def test_cycle_counts_planned_per_company_with_its_intervals(self):
        day = date(2027, 3, 10)  # a Wednesday
        self.a.company.factory_cycle_months_c = 2
        self.b.company.factory_cycle_months_c = 6
        for world in (self.a, self.b):
            world.comp.write({"factory_abc_class": "c", "factory_next_count_date": day})
        stocktakes = self.env["product.product"]._cron_plan_cycle_counts(today=day)
        for world, months in ((self.a, 2), (self.b, 6)):
            counts = stocktakes.filtered(lambda s, w=world: w.comp in s.product_ids)
            self.assertEqual(counts.mapped("company_id"), world.company)
            self.assertEqual(
                counts.mapped("warehouse_id"), world.wh_own | world.wh_other
            )
            self.assertEqual(
                world.comp.factory_next_count_date, day.replace(month=3 + months)
            )

    def test_negative_stock_setting_of_each_company(self):
        self.a.company.factory_no_negative_stock = True
        self.b.company.factory_no_negative_stock = False
        move = self._issue(self.b, self.b.comp2, 150)
        self.assertEqual(move.state, "done")
        with self.assertRaises(UserError):
            self._issue(self.a, self.a.comp2, 150)
