from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .order_cost_common import OrderCostCase


@tagged("post_install", "-at_install")
class TestMoneyClosedMrp(OrderCostCase):
    """Work center and operation rates, hourly costs, the extra unit cost and
    order costs are unreadable without the cost right; closing orders and
    ending operations still works for users without it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # exporting needs its own right: only the cost right must be missing
        export = cls.env.ref("base.group_allow_export")
        for user in (cls.clerk, cls.qc, cls.worker, cls.mrp_user):
            user.groups_id = [Command.link(export.id)]

    def _denied(self, records, fnames, user):
        Model = self.env[records._name].with_user(user)
        for fname in fnames:
            msg = f"{user.login} {records._name}.{fname}"
            with self.assertRaises(AccessError, msg=msg):
                records.with_user(user).read([fname])
            with self.assertRaises(AccessError, msg=msg):
                Model.search_read([("id", "in", records.ids)], [fname])
            with self.assertRaises(AccessError, msg=msg):
                Model.search([(fname, ">", 0)])
            with self.assertRaises(AccessError, msg=msg):
                Model.read_group([], [f"{fname}:sum"], [])
            with self.assertRaises(AccessError, msg=msg):
                records.with_user(user).export_data([fname])

    def test_rates_and_costs_unreadable(self):
        production = self._cost_order(2)
        workorder = production.workorder_ids[:1]
        cost_fields = ["extra_cost", "factory_cost_total", "factory_unit_cost"]
        # mrp_user: Manufacturing rights, no cost right; the others do not
        # read work centers at all
        for user in (self.clerk, self.qc, self.worker, self.mrp_user):
            self._denied(self.wc_wind, ["costs_hour", "factory_overhead_hour"], user)
            self._denied(workorder, ["costs_hour"], user)
            self._denied(production, cost_fields, user)
            with self.assertRaises(AccessError, msg=user.login):
                self.emp_rated.with_user(user).read(["hourly_cost"])
        production.with_user(self.clerk).read(["name", "state"])
        self.wc_wind.with_user(self.mrp_user).read(["name"])
        self.assertNotIn(
            "costs_hour",
            self.env["mrp.workcenter"].with_user(self.mrp_user).fields_get(),
        )
        # the cost roles read them
        for user in (self.requester, self.manager):
            [values] = self.wc_wind.with_user(user).read(["costs_hour"])
            self.assertEqual(values["costs_hour"], 30.0, user.login)

    def test_overviews_need_the_cost_right(self):
        production = self._cost_order(2)
        MoOverview = self.env["report.mrp.report_mo_overview"]
        BomOverview = self.env["report.mrp.report_bom_structure"]
        for user in (self.clerk, self.mrp_user):
            with self.assertRaises(AccessError, msg=user.login):
                MoOverview.with_user(user).get_report_values(production.id)
            with self.assertRaises(AccessError, msg=user.login):
                BomOverview.with_user(user).get_html(self.cost_bom.id)
            for report in ("mrp.report_mo_overview", "mrp.report_bom_structure"):
                record = production if "mo_" in report else self.cost_bom
                with self.assertRaises(AccessError, msg=f"{user.login} {report}"):
                    self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                        report, record.ids, data={}
                    )
        values = MoOverview.with_user(self.requester).get_report_values(production.id)
        self.assertTrue(values["data"])
        self.assertTrue(
            BomOverview.with_user(self.requester).get_html(self.cost_bom.id)
        )

    def test_user_without_cost_right_ends_operations(self):
        production = self._cost_order(1).with_user(self.mrp_user)
        production.action_assign()
        workorder = production.workorder_ids.sorted("sequence")[0]
        workorder.button_start()
        workorder.button_finish()
        self.assertEqual(workorder.state, "done")
        # Odoo kept the work center's rate on the operation
        self.assertEqual(workorder.sudo().costs_hour, 30.0)
        # any other rate is refused to this user
        other = production.workorder_ids - workorder
        with self.assertRaises(AccessError):
            other.write({"costs_hour": 99.0})
        with self.assertRaises(AccessError):
            other.write({"costs_hour": 30.0, "name": "Wind"})
        self.assertEqual(other.sudo().costs_hour, 0.0)
        other.button_start()
        other.button_done()
        self.assertEqual(other.sudo().costs_hour, 24.0)
