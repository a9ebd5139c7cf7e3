from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.mrp.models.mrp_workorder import MrpWorkorder as OdooWorkorder

from .order_cost_common import OrderCostCase


@tagged("post_install", "-at_install")
class TestOrderCost(OrderCostCase):
    def _record_times(self, production):
        wind, assy = production.workorder_ids.sorted("sequence")
        self._time(wind, 30, self.emp_rated)  # 30 min x 60 (worker), 12 overhead
        self._time(wind, 15, self.emp_plain)  # 15 min x 30 (work center), 12
        self._time(assy, 20)  # 20 min x 24 (work center), no overhead
        return wind, assy

    def test_breakdown_adds_up_to_valuation(self):
        production = self._cost_order(5)
        self.assertEqual(production.factory_standard_unit_cost, 20.0)
        production.extra_cost = 1.2  # outsourcing fee per unit
        wind, assy = self._record_times(production)
        self.assertAlmostEqual(wind._cal_cost(), 30.0 + 7.5 + 9.0)
        self.assertAlmostEqual(assy._cal_cost(), 8.0)
        production = self._finish(production)
        # material: 5 coils of the first FIFO layer (2.0), 10 poles at 0.5
        self.assertAlmostEqual(production.factory_cost_material, 15.0)
        self.assertAlmostEqual(production.factory_cost_labour, 30.0 + 7.5 + 8.0)
        self.assertAlmostEqual(production.factory_cost_overhead, 6.0 + 3.0)
        self.assertAlmostEqual(production.factory_cost_outsourcing, 6.0)
        self.assertAlmostEqual(production.factory_cost_total, 75.5)
        self.assertEqual(production.factory_cost_qty, 5)
        self.assertAlmostEqual(production.factory_unit_cost, 15.1)
        self.assertAlmostEqual(production.factory_cost_variance, 75.5 - 100.0)
        self.assertAlmostEqual(production.factory_cost_variance_pct, -24.5)
        # the parts add up to Odoo's own valuation of the finished product
        value = self._finished_value(production)
        parts = (
            production.factory_cost_material
            + production.factory_cost_labour
            + production.factory_cost_overhead
            + production.factory_cost_outsourcing
        )
        self.assertAlmostEqual(value, 75.5, places=2)
        self.assertAlmostEqual(parts, value, places=2)
        self.assertAlmostEqual(production.factory_cost_valuation, value, places=2)
        # AVCO: the motor's cost is now this order's unit cost
        self.assertAlmostEqual(self.rotor_motor.standard_price, 15.1)
        # finished: "so far" shows the stored breakdown
        self.assertAlmostEqual(production.factory_cost_todate_total, 75.5)

    def test_without_our_rates_equals_native(self):
        """No overhead and no worker rate: our time cost is Odoo's own."""
        self.wc_wind.factory_overhead_hour = 0.0
        production = self._cost_order(5)
        wind, assy = production.workorder_ids.sorted("sequence")
        self._time(wind, 45)
        self._time(assy, 20, self.emp_plain)  # worker without hourly cost
        workorders = production.workorder_ids
        native = OdooWorkorder._cal_cost(workorders)
        self.assertAlmostEqual(native, 45 / 60 * 30 + 20 / 60 * 24)
        self.assertAlmostEqual(workorders._cal_cost(), native)
        production = self._finish(production)
        self.assertAlmostEqual(self._finished_value(production), 15.0 + native)
        self.assertAlmostEqual(production.factory_cost_total, 15.0 + native)
        self.assertFalse(production.factory_cost_overhead)

    def test_employee_rate_and_overhead_add_to_native(self):
        production = self._cost_order(5)
        self._record_times(production)
        workorders = production.workorder_ids
        native = OdooWorkorder._cal_cost(workorders)
        # worker's 60/h instead of 30/h for 30 minutes, overhead 12/h for 45
        self.assertAlmostEqual(workorders._cal_cost(), native + 15.0 + 9.0)

    def test_cal_cost_date_keeps_its_meaning(self):
        production = self._cost_order(5)
        wind = production.workorder_ids.sorted("sequence")[0]
        now = fields.Datetime.now().replace(microsecond=0)
        self._time(wind, 60, end=now - timedelta(days=2))
        self._time(wind, 30, end=now)
        self.assertAlmostEqual(wind._cal_cost(now - timedelta(days=1)), 30.0 + 12.0)
        self.assertAlmostEqual(wind._cal_cost(), 45.0 + 18.0)
        self.assertAlmostEqual(
            wind._cal_cost(now - timedelta(days=1)),
            OdooWorkorder._cal_cost(wind, now - timedelta(days=1)) + 12.0,
        )

    def test_cost_so_far_of_open_orders(self):
        first = self._cost_order(5)
        second = self._cost_order(2)
        first.action_assign()
        # one step: the order's own component moves, picked, are issued
        first.move_raw_ids.picked = True
        wind = first.workorder_ids.sorted("sequence")[0]
        self._time(wind, 30, self.emp_rated)
        orders = (first | second).with_env(self.env)
        orders.invalidate_recordset()
        expected_material = 5 * self.coil.standard_price + 10 * self.pole.standard_price
        with self.assertQueryCount(12):
            totals = {o: o.factory_cost_todate_total for o in orders}
        self.assertAlmostEqual(first.factory_cost_todate_material, expected_material)
        self.assertAlmostEqual(first.factory_cost_todate_labour, 30.0)
        self.assertAlmostEqual(first.factory_cost_todate_overhead, 6.0)
        self.assertAlmostEqual(totals[first], expected_material + 36.0)
        self.assertEqual(totals[second], 0.0)

    def test_product_cost_report(self):
        first = self._cost_order(5)
        self._record_times(first)
        first = self._finish(first)
        second = self._cost_order(2)
        self._time(second.workorder_ids.sorted("sequence")[0], 12)
        second = self._finish(second)
        Report = self.env["factory.mrp.product.cost"]
        Report.invalidate_model()
        rows = Report.search([("product_id", "=", self.rotor_motor.id)])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.order_count, 2)
        self.assertEqual(rows.qty, 7)
        total = first.factory_cost_total + second.factory_cost_total
        self.assertAlmostEqual(rows.total, total)
        self.assertAlmostEqual(
            rows.material, first.factory_cost_material + second.factory_cost_material
        )
        self.assertAlmostEqual(rows.unit_cost, total / 7)
        standard = 5 * 20.0 + 2 * second.factory_standard_unit_cost
        self.assertAlmostEqual(rows.standard_total, standard)
        self.assertAlmostEqual(rows.variance, total - standard, places=2)
        self.assertAlmostEqual(
            rows.variance_pct, (total - standard) / standard * 100, places=2
        )
        self.assertEqual(rows.month, fields.Date.today().replace(day=1))
        # grouped: unit cost and variance % are ratios of the sums
        [(unit_cost, pct)] = Report._read_group(
            [("product_id", "=", self.rotor_motor.id)],
            [],
            ["unit_cost:avg", "variance_pct:avg"],
        )
        self.assertAlmostEqual(unit_cost, total / 7)
        self.assertAlmostEqual(pct, (total - standard) / standard * 100, places=2)

    def test_cost_fields_hidden_from_roles_without_cost_right(self):
        production = self._cost_order(5)
        self._record_times(production)
        production = self._finish(production)
        mrp_plain = new_test_user(
            self.env, login="t_mrp_nocost", groups="base.group_user,mrp.group_mrp_user"
        )
        cost_fields = ["factory_cost_total", "factory_unit_cost"]
        for user in (self.worker, self.clerk, mrp_plain):
            with self.assertRaises(AccessError):
                production.with_user(user).read(cost_fields)
            with self.assertRaises(AccessError):
                self.env["factory.mrp.product.cost"].with_user(user).search_read(
                    [], ["total"]
                )
        with self.assertRaises(AccessError):
            self.wc_wind.with_user(mrp_plain).read(["factory_overhead_hour"])
        # reading the order without its cost is fine
        production.with_user(mrp_plain).read(["name", "state"])
        for user in (self.accountant, self.manager, self.requester):
            [values] = production.with_user(user).read(cost_fields)
            self.assertAlmostEqual(values["factory_cost_total"], 69.5)
        rows = (
            self.env["factory.mrp.product.cost"]
            .with_user(self.accountant)
            .search([("product_id", "=", self.rotor_motor.id)])
        )
        self.assertAlmostEqual(rows.total, 69.5)

    def test_users_without_cost_right_close_orders(self):
        """Closing an order stores its cost even when the user cannot read it."""
        mrp_plain = new_test_user(
            self.env,
            login="t_mrp_close",
            groups="base.group_user,mrp.group_mrp_user,stock.group_stock_user",
        )
        self.assertFalse(mrp_plain.has_group("factory_stock.group_factory_cost"))
        production = self._cost_order(5).with_user(mrp_plain)
        production.action_assign()
        self._record_times(production)
        production = self._finish(production, user=mrp_plain)
        self.assertAlmostEqual(production.factory_cost_total, 69.5)
        self.assertAlmostEqual(self._finished_value(production), 69.5)
        # the workshop supervisor too
        second = self._cost_order(1)
        second = self._finish(second, user=self.requester)
        self.assertAlmostEqual(
            second.factory_cost_total, self._finished_value(second), places=2
        )

    def _open_order_costs(self, user, production):
        """What the web client asks for when ``user`` opens the Order Costs
        menu and then one of its orders: the action's views (with their
        search view), the list's rows, the form's fields of one order."""
        action = self.env.ref("factory_mrp.mrp_production_action_cost").sudo()
        Production = self.env["mrp.production"].with_user(user)
        result = Production.get_views(
            [list(view) for view in action.views] + [[False, "search"]],
            {"action_id": action.id, "toolbar": True, "load_filters": True},
        )

        def spec(view_type):
            arch = etree.fromstring(result["views"][view_type]["arch"])
            # the view's own fields, not those of its x2many fields' subviews
            return {
                node.get("name"): {}
                for node in arch.iter("field")
                if not any(parent.tag == "field" for parent in node.iterancestors())
            }

        rows = Production.web_search_read(
            [("state", "=", "done"), ("id", "=", production.id)], spec("list")
        )["records"]
        [record] = Production.browse(production.id).web_read(spec("form"))
        return rows, record

    def test_order_cost_page_opens_for_every_cost_role(self):
        """The Accountant and the Purchaser read orders as inventory users,
        without their work orders: the Order Costs menu opens an order on
        its own cost form, not on Odoo's order form (whose work order list
        they may not read). Roles without the right to read orders get an
        AccessError; roles without the cost right see no amount."""
        production = self._cost_order(5)
        self._record_times(production)
        production = self._finish(production)
        for user in (self.accountant, self.purchaser, self.manager, self.requester):
            with self.subTest(user=user.login):
                rows, record = self._open_order_costs(user, production)
                self.assertEqual([row["id"] for row in rows], production.ids)
                self.assertAlmostEqual(rows[0]["factory_cost_total"], 69.5)
                self.assertAlmostEqual(record["factory_cost_total"], 69.5)
                self.assertAlmostEqual(record["factory_unit_cost"], 69.5 / 5)
                self.assertEqual(record["name"], production.name)
        with self.assertRaises(AccessError):
            self._open_order_costs(self.worker, production)
        # an inventory clerk may read the order, not its cost
        rows, record = self._open_order_costs(self.clerk, production)
        self.assertEqual(record["name"], production.name)
        self.assertFalse([name for name in record if name.startswith("factory_cost")])
