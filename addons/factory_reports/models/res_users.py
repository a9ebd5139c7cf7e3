from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _factory_home_actions(self):
        """Factory managers land on the management dashboard (管理驾驶舱)."""
        return [
            (
                "factory_stock.group_factory_manager",
                "factory_reports.factory_report_dashboard_action",
            ),
            *super()._factory_home_actions(),
        ]
